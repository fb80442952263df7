from django.urls import path

from polon.web.views import exchanges as views

app_name = "exchanges"

urlpatterns = [
    path("exchanges/", views.round_list, name="round-list"),
    path("exchanges/new/", views.round_create, name="round-create"),
    path("exchanges/<int:round_id>/", views.round_detail, name="round-detail"),
    path("exchanges/<int:round_id>/update/", views.round_update, name="round-update"),
    path("exchanges/<int:round_id>/entries/", views.entry_add, name="entry-add"),
    path("exchanges/<int:round_id>/entries/new-person/", views.entry_new_person, name="entry-new-person"),
    path("exchanges/entries/<int:entry_id>/", views.entry_update, name="entry-update"),
    path("exchanges/<int:round_id>/execute/", views.round_execute, name="round-execute"),
    path("exchanges/<int:round_id>/lists/", views.list_import, name="list-import"),
    path("exchanges/<int:round_id>/lists/add-matched/", views.add_matched, name="add-matched"),
    path("exchanges/rows/<int:row_id>/judge/", views.row_judge, name="row-judge"),
]
