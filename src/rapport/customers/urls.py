from django.urls import path

from rapport.customers import views

app_name = "customers"

urlpatterns = [
    path("companies/", views.account_list, name="account-list"),
    path("companies/<int:pk>/", views.account_detail, name="account-detail"),
]
