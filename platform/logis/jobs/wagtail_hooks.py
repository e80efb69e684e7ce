from wagtail import hooks

from logis.jobs.viewsets import MyJobsViewSet


@hooks.register("register_admin_viewset")
def register_my_jobs_viewset():
    return MyJobsViewSet()
