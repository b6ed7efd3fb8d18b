from django.urls import path

from . import views

app_name = "persons"
urlpatterns = [
    path("zoeken/", views.search, name="search"),
    path("inwoners/nieuw/", views.register, name="register"),
    path("inwoners/samenvoegen/", views.merge, name="merge"),
    path("inwoners/<int:pk>/", views.resident_detail, name="resident"),
    path("inwoners/<int:pk>/wijzigen/", views.edit_resident, name="edit"),
    path("huishoudens/<int:pk>/", views.household_detail, name="household"),
    path("huishoudens/<int:pk>/verhuizen/", views.move_household, name="move"),
    path("huishoudens/<int:pk>/netwerk/", views.add_network_member, name="network"),
    path("huishoudens/<int:pk>/leden/", views.add_member, name="add-member"),
    path("huishoudens/<int:pk>/vertrek/", views.leave, name="leave"),
    path("huishoudens/<int:pk>/relaties/", views.add_relation, name="relation"),
    path("huishoudens/<int:pk>/relaties/beeindigen/", views.end_relation, name="end-relation"),
    path("huishoudens/<int:pk>/gezag/", views.record_gezag, name="gezag"),
    path("noodtoegang/", views.emergency_access, name="emergency"),
    path("noodtoegang/<int:pk>/beeindigen/", views.end_emergency_access, name="emergency-end"),
]
