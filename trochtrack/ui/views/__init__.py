"""The main window and the screens inside it: due list, patient list, patient view."""
