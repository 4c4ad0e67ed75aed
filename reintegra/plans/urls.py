from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("clients/<int:client_pk>/assessment/", views.assessment, name="assessment"),
    path("clients/<int:client_pk>/assessment/new/", views.assessment_new,
         name="assessment_new"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("clients/<int:client_pk>/plans/new/", views.plan_create, name="plan_create"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:plan_pk>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:pk>/review/", views.goal_review, name="goal_review"),
    path("<int:plan_pk>/challenges/new/", views.challenge_create, name="challenge_create"),
    path("clients/<int:client_pk>/recommendations/", views.recommendations,
         name="recommendations"),
    path("clients/<int:client_pk>/recommendations/add/", views.add_to_plan, name="add_to_plan"),
    path("clients/<int:client_pk>/recommendations/enrol/", views.enrol, name="enrol"),
]
