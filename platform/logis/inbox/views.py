"""The notification centre page: one's notifications, newest first, and the mail preference."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from logis.inbox.forms import PreferenceForm
from logis.inbox.models import Notification, NotificationPreference

PAGE_SIZE = 50


@login_required
def centre(request):
    preference, _ = NotificationPreference.objects.get_or_create(user=request.user)
    form = PreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.save()
        return redirect("logis_inbox:centre")
    page = Paginator(Notification.objects.filter(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "logis_inbox/centre.html", {"page": page, "form": form,
                                                       "unread": Notification.objects.filter(user=request.user).unread().count()})


@login_required
@require_POST
def mark_all_read(request):
    Notification.objects.filter(user=request.user).unread().update(read_at=timezone.now())
    return redirect("logis_inbox:centre")
