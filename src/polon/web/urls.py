from django.urls import path

from polon.web.views import audit, auth, persons, search

app_name = "web"

urlpatterns = [
    path("", auth.home, name="home"),
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("language/", auth.set_language, name="set-language"),
    path("persons/", persons.person_list, name="person-list"),
    path("persons/new/", persons.person_create, name="person-create"),
    path("persons/<int:person_id>/", persons.person_detail, name="person-detail"),
    path("persons/<int:person_id>/edit/", persons.person_edit, name="person-edit"),
    path("persons/<int:person_id>/events/new/", persons.event_add, name="event-add"),
    path("persons/<int:person_id>/names/new/", persons.name_add, name="name-add"),
    path("search/", search.search, name="search"),
    path("audit/", audit.audit_log, name="audit-log"),
]
