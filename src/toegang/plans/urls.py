from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("casussen/<int:pk>/plan/", views.plan_detail, name="plan"),
    path("casussen/<int:pk>/plan/pdf/", views.plan_pdf, name="pdf"),
    path("casussen/<int:pk>/plan/doel/", views.add_goal, name="goal"),
    path("casussen/<int:pk>/plan/doelstatus/", views.goal_status, name="goal-status"),
    path("casussen/<int:pk>/plan/actie/", views.add_action, name="action"),
    path("casussen/<int:pk>/plan/evaluatie/", views.add_evaluation, name="evaluation"),
    path("casussen/<int:pk>/plan/akkoord/", views.agree, name="agree"),
    path("casussen/<int:pk>/plan/zorgcoordinatie/", views.coordination, name="coordination"),
]
