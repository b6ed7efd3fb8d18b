app_name = "direction"
urlpatterns: list = []
