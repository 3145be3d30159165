"""The Discord adapter: the bot, its cogs and views, and rendering Answers for Discord."""
