from .meetings import Meeting, MeetingRole, Participation, Session, Speaker
from .recommendations import Recommendation

__all__ = ["Meeting", "MeetingRole", "Participation", "Recommendation", "Session", "Speaker"]
