"""The bot's cogs: thin handlers from Discord events to the replier and back."""
