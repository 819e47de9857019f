"""The hiring tools and calendar services that send interview invitations, and free mail:
domains that name no employer."""

from __future__ import annotations

# The scheduling tools and calendar services: their own domains are never the company.
TOOL_DOMAINS: dict[str, str] = {
    "greenhouse.io": "Greenhouse",
    "greenhouse-mail.io": "Greenhouse",
    "lever.co": "Lever",
    "hire.lever.co": "Lever",
    "ashbyhq.com": "Ashby",
    "ashbyhq.email": "Ashby",
    "myworkday.com": "Workday",
    "workday.com": "Workday",
    "myworkdayjobs.com": "Workday",
    "smartrecruiters.com": "SmartRecruiters",
    "smartrecruiters.email": "SmartRecruiters",
    "calendly.com": "Calendly",
    "calendly.email": "Calendly",
    "goodtime.io": "GoodTime",
    "google.com": "Google Calendar",
    "calendar.google.com": "Google Calendar",
    "resource.calendar.google.com": "Google Calendar",
    "group.calendar.google.com": "Google Calendar",
    "outlook.com": "Outlook",
    "office365.com": "Outlook",
    "microsoft.com": "Microsoft",
    "teams.microsoft.com": "Microsoft Teams",
    "zoom.us": "Zoom",
    "zoom.com": "Zoom",
    "gem.com": "Gem",
    "modernloop.io": "ModernLoop",
    "icims.com": "iCIMS",
    "jobvite.com": "Jobvite",
    "workablemail.com": "Workable",
    "workable.com": "Workable",
    "bamboohr.com": "BambooHR",
    "recruitee.com": "Recruitee",
    "teamtailor.com": "Teamtailor",
    "paradox.ai": "Paradox",
}
# Free mail: a person writing from here says nothing about their employer.
FREE_MAIL = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "ymail.com",
        "icloud.com",
        "me.com",
        "mac.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "web.de",
        "mail.com",
        "fastmail.com",
        "hey.com",
        "zoho.com",
        "yandex.com",
        "outlook.de",
        "hotmail.co.uk",
        "yahoo.co.uk",
    }
)
# Markers of a hiring tool in a calendar's PRODID, UID or text.
TOOL_MARKS = (
    ("greenhouse", "Greenhouse"),
    ("lever.co", "Lever"),
    ("ashby", "Ashby"),
    ("workday", "Workday"),
    ("smartrecruiters", "SmartRecruiters"),
    ("goodtime", "GoodTime"),
    ("calendly", "Calendly"),
    ("modernloop", "ModernLoop"),
)


def tool_of_domain(domain: str) -> str | None:
    """The scheduling tool or calendar service a mail domain belongs to, if any."""
    domain = domain.lower()
    while domain:
        if domain in TOOL_DOMAINS:
            return TOOL_DOMAINS[domain]
        _, _, domain = domain.partition(".")
        if "." not in domain:
            return None
    return None


def is_neutral_domain(domain: str) -> bool:
    """A domain that names no employer: a tool's, a calendar service's, or free mail."""
    return tool_of_domain(domain) is not None or domain.lower() in FREE_MAIL
