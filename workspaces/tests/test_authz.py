"""Every workspace URL x every role, with this branch's stand-in for the matrix's World."""

import pytest

from core.cache import cache
from workspaces import authz

from .world import check_cases


@pytest.mark.django_db
def test_every_role_gets_what_the_cases_say():
    cache.clear()
    assert check_cases(authz.CASES, authz.setup) == []
