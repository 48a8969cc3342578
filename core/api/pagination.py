from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Page-numbered API lists; ``?page_size=`` up to 500, ``?page_size=0`` is not allowed."""

    page_size_query_param = "page_size"
    max_page_size = 500
