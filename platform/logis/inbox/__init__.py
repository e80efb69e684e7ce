"""The in-app notification centre: what a plugin tells a person, and how often they want to hear of it by mail."""
