from django.urls import path

from polon.web.views import audit, auth, jobs, persons, search, sources

app_name = "web"

urlpatterns = [
    path("", auth.home, name="home"),
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("language/", auth.set_language, name="set-language"),
    path("persons/", persons.person_list, name="person-list"),
    path("persons/new/", persons.person_create, name="person-create"),
    path("persons/import/", persons.person_import, name="person-import"),
    path("persons/<int:person_id>/", persons.person_detail, name="person-detail"),
    path("persons/<int:person_id>/edit/", persons.person_edit, name="person-edit"),
    path("persons/<int:person_id>/events/new/", persons.event_add, name="event-add"),
    path("persons/<int:person_id>/names/new/", persons.name_add, name="name-add"),
    path("search/", search.search, name="search"),
    path("persons/<int:person_id>/judgements/", search.judge, name="judge"),
    path("audit/", audit.audit_log, name="audit-log"),
    path("sources/", sources.source_list, name="source-list"),
    path("sources/upload/", sources.source_upload, name="source-upload"),
    path("sources/<int:source_id>/", sources.source_review, name="source-review"),
    path("sources/<int:source_id>/decide/", sources.source_decide, name="source-decide"),
    path("sources/<int:source_id>/file/", sources.source_file, name="source-file"),
    path("sources/<int:source_id>/attachments/<int:attachment_id>/", sources.source_attachment,
         name="source-attachment"),
    path("jobs/", jobs.job_list, name="job-list"),
    path("jobs/<int:job_id>/", jobs.job_detail, name="job-detail"),
    path("jobs/<int:job_id>/rerun/", jobs.job_rerun, name="job-rerun"),
    path("jobs/<int:job_id>/file/", jobs.job_file, name="job-file"),
]
