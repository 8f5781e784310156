from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("services/", views.index, name="index"),
    path("services/<slug:city>/", views.city, name="city"),
]
