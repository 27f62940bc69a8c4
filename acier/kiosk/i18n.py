"""The kiosk's own words (buttons, invitations) in every language the centre speaks.

Curator texts live in `media/`; these are the few interface strings, kept here so a missing
translation is a test failure rather than a blank button.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    "attract.title": {
        "fr": "Touchez l'écran",
        "nl": "Raak het scherm aan",
        "en": "Touch the screen",
    },
    "attract.subtitle": {
        "fr": "et voyagez dans 5 000 ans d'histoire du fer et de l'acier",
        "nl": "en reis door 5000 jaar geschiedenis van ijzer en staal",
        "en": "and travel through 5,000 years of iron and steel",
    },
    "timeline.title": {
        "fr": "L'aventure du fer et de l'acier",
        "nl": "Het verhaal van ijzer en staal",
        "en": "The story of iron and steel",
    },
    "timeline.hint": {
        "fr": "Faites glisser pour voyager dans le temps, touchez une image pour en savoir plus",
        "nl": "Veeg om door de tijd te reizen, tik op een beeld voor meer",
        "en": "Swipe to travel through time, tap a picture to find out more",
    },
    "scope.regional": {"fr": "Notre région", "nl": "Onze regio", "en": "Our region"},
    "detail.credits": {"fr": "Crédits", "nl": "Bronnen", "en": "Credits"},
    "video.play": {"fr": "Lire la vidéo", "nl": "Video afspelen", "en": "Play the video"},
    "video.unavailable": {
        "fr": "Vidéo indisponible",
        "nl": "Video niet beschikbaar",
        "en": "Video unavailable",
    },
    "exhibit.invite.blast_furnace": {
        "fr": "Appuyez sur un bouton pour charger le haut fourneau",
        "nl": "Druk op een knop om de hoogoven te vullen",
        "en": "Press a button to charge the blast furnace",
    },
    "exhibit.invite.alloy_lab": {
        "fr": "Posez un jeton pour créer votre alliage",
        "nl": "Leg een fiche neer en maak je eigen legering",
        "en": "Place a token to make your own alloy",
    },
}

LANGUAGE_NAMES = {"fr": "FR", "nl": "NL", "en": "EN"}


def t(key: str, language: str) -> str:
    """The interface string `key` in `language`, falling back to French, the site default."""
    texts = STRINGS[key]
    return texts.get(language) or texts["fr"]
