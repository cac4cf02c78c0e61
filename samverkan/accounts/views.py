"""The user's own settings page: personal API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .forms import TokenForm
from .models import ApiToken
from .tokens import create_token, revoke_token


@login_required
@require_http_methods(["GET", "POST"])
def user_settings(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _record, new_token = create_token(
                user=request.user, name=form.cleaned_data["name"], actor=request.user
            )
            form = TokenForm()
        else:
            status = 400
    return render(
        request,
        "accounts/settings.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user=request.user),
        },
        status=status,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Only one's own tokens; anyone else's answer 404.
    record = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke_token(record, actor=request.user)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:settings")
