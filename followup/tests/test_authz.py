"""This app's authorisation matrix (followup/authz.py): every case for every role."""

import pytest

from assistance.tests.authz_world import check_case
from followup import authz


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case", authz.CASES, ids=[f"{c.method}-{c.url_name}-{c.action}" for c in authz.CASES]
)
def test_matrix(case):
    check_case(case, authz.setup)
