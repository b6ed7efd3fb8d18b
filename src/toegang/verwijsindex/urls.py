app_name = "verwijsindex"
urlpatterns: list = []
