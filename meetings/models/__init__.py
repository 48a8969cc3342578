from .meetings import Meeting, MeetingRole, Session, Speaker
from .recommendations import Recommendation

__all__ = ["Meeting", "MeetingRole", "Recommendation", "Session", "Speaker"]
