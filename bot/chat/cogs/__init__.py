"""The bot's cogs: thin handlers from Discord events to the service and back."""
