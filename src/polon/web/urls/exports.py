from django.urls import path

from polon.web.views import exports as views

app_name = "exports"

urlpatterns = [
    path("exports/", views.export, name="export"),
    path("exports/history/", views.history, name="history"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
