"""The Discord adapter: rendering Answers for Discord (the bot itself is still to come)."""
