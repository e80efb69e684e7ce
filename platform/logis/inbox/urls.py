from django.urls import path

from logis.inbox import views

app_name = "logis_inbox"
urlpatterns = [
    path("", views.centre, name="centre"),
    path("tout-lu/", views.mark_all_read, name="mark_all_read"),
]
