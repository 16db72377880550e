"""The text channel: the portal's guides over WhatsApp and SMS (Twilio's webhook), and `flask
chat` for editors to try content as a chat user would. The same flows, forms, safeguards,
outcomes and statistics as the web (portal/conversation); the conversation is kept only while
it lasts (store.py)."""
