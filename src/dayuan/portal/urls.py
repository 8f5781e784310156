from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's): no 404 for it.
    path("favicon.ico", views.favicon, name="favicon"),
]
