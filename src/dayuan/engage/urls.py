from django.urls import path

from . import views

app_name = "engage"

urlpatterns = [
    path("comments/<int:pk>/", views.comments, name="comments"),
    path("likes/<int:pk>/", views.likes, name="likes"),
    path("complaints/", views.complaint, name="complaint_site"),
    path("complaints/<int:pk>/", views.complaint, name="complaint"),
    path("api/stats/<int:pk>", views.stats, name="stats"),
    path("api/views/<int:pk>", views.view_beacon, name="view_beacon"),
    path("api/views/<int:pk>.gif", views.view_pixel, name="view_pixel"),
]
