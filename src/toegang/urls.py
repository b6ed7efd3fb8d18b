from django.contrib import admin
from django.urls import include, path

from toegang.accounts.views import account as account_views
from toegang.api.urls import docs_urlpatterns

urlpatterns = [
    path("", include("toegang.ui.urls")),
    path("", include("toegang.persons.urls")),
    path("", include("toegang.audit.urls")),
    path("", include("toegang.retention.urls")),
    path("", include("toegang.messaging.urls")),
    path("", include("toegang.intake.urls")),
    path("", include("toegang.cases.urls")),
    path("", include("toegang.plans.urls")),
    path("", include("toegang.assessments.urls")),
    path("", include("toegang.provisions.urls")),
    path("", include("toegang.direction.urls")),
    path("", include("toegang.escalation.urls")),
    path("", include("toegang.conferences.urls")),
    path("", include("toegang.feedback.urls")),
    path("", include("toegang.safety.urls")),
    path("", include("toegang.verwijsindex.urls")),
    path("", include("toegang.insight.urls")),
    path("", include("toegang.accounts.urls")),
    path("", include("toegang.jobs.urls")),
    path("inloggen/", account_views.LoginPage.as_view(), name="login"),
    path("uitloggen/", account_views.LogoutPage.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("toegang.monitoring.urls")),  # /healthz, /readyz, /metrics
    path("api/v1/", include("toegang.api.urls")),
    *docs_urlpatterns,
    path("beheer/", admin.site.urls),
]

handler404 = "toegang.ui.views.error_404"
handler500 = "toegang.ui.views.error_500"
