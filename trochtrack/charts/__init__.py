"""Chart builders (matplotlib object API, no pyplot, no Qt): Figures for the GUI and PDFs."""
