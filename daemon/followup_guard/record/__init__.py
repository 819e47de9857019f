"""The record of contacts: matching messages to applications, the contact history,
the deadlines and windows it implies, and the reminders that fall due."""
