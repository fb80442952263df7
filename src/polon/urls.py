from django.urls import include, path

from polon.api.app import api

urlpatterns = [
    path("api/", api.urls),
    path("", include("polon.web.urls")),
]
