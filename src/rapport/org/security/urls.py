from django.urls import path

from rapport.core.stub import todo

app_name = "security"

urlpatterns = [
    path("", todo, name="overview"),
]
