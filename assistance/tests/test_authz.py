"""This app's authorisation matrix (assistance/authz.py): every case for every role."""

import pytest

from assistance import authz

from .authz_world import check_case


@pytest.mark.django_db
@pytest.mark.parametrize(
    "case", authz.CASES, ids=[f"{c.method}-{c.url_name}-{c.action}" for c in authz.CASES]
)
def test_matrix(case):
    check_case(case, authz.setup)
