from django.urls import path

from polon.web.views import consular as views

app_name = "consular"

urlpatterns = [
    path("countries/", views.country_index, name="countries"),
    path("countries/<str:country>/", views.country_dossier, name="dossier"),
    path("consular/contacts/", views.contact_list, name="contacts"),
    path("consular/contacts/new/", views.contact_create, name="contact-create"),
    path("consular/contacts/<int:contact_id>/", views.contact_detail, name="contact-detail"),
    path("consular/persons/<int:person_id>/", views.person_consular, name="person"),
    path("consular/persons/<int:person_id>/transmissions/", views.transmission_create, name="transmission-create"),
    path("consular/persons/<int:person_id>/objections/", views.objection_create, name="objection-create"),
    path("consular/persons/<int:person_id>/objections/<int:objection_id>/withdraw/", views.objection_withdraw,
         name="objection-withdraw"),
    path("consular/persons/<int:person_id>/after-return/", views.after_return_create, name="after-return-create"),
    path("consular/persons/<int:person_id>/proceedings/", views.proceeding_create, name="proceeding-create"),
]
