"""Annotations for views: LoginRequiredMiddleware (settings) lets no anonymous request reach
a view that does not opt out, so ``request.user`` is a ``User`` there."""

from django.http import HttpRequest

from reintegra.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
