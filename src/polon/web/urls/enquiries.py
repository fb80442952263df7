from django.urls import path

from polon.web.views import enquiries as views

app_name = "enquiries"

urlpatterns = [
    path("enquiries/", views.enquiry_list, name="list"),
    path("enquiries/new/", views.enquiry_create, name="create"),
    path("enquiries/<int:enquiry_id>/", views.enquiry_detail, name="detail"),
    path("enquiries/<int:enquiry_id>/reply/", views.enquiry_reply, name="reply"),
    path("enquiries/<int:enquiry_id>/assign/", views.enquiry_assign, name="assign"),
    path("enquiries/<int:enquiry_id>/close/", views.enquiry_close, name="close"),
]
