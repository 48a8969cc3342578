from .governance import FocalPoint, GovernanceRole, Network, NetworkMembership
from .partners import Country, Organisation, Person

__all__ = [
    "Country",
    "FocalPoint",
    "GovernanceRole",
    "Network",
    "NetworkMembership",
    "Organisation",
    "Person",
]
