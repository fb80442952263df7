from django.urls import path

from polon.exports import views

app_name = "exports"

urlpatterns = [
    path("exports/", views.export, name="export"),
    path("exports/history/", views.history, name="history"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
