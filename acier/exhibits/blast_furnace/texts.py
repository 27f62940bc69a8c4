"""The blast-furnace exhibit's own words, in every language the centre speaks.

Kept beside the model so a missing translation is a test failure rather than a blank gauge.
Labels (gauges, buttons, names) fit `LABEL_MAX` characters; sentences (what a zone does, why a
problem happens, the challenge's lines) fit `SENTENCE_MAX`, one sentence each, for visitors aged
10 and up. `scene.<name>` are the scene's own words (hints, buttons, captions). Some strings take
values, in `str.format` style: the scene fills them (see `SAMPLE_VALUES`), and every language
uses the same names.

Numbers are written the way each language writes them: `t()` formats every number it is given
with `acier.exhibits.numbers.number`, the formatter every exhibit shares, so `{iron_t:.1f}` shows
3,4 in French and Dutch and 3.4 in English (and 1 480 / 1.480 / 1,480 for a thousand and more).
Pass numbers, not strings formatted beforehand.
"""

from __future__ import annotations

from acier.exhibits.numbers import fill

LABEL_MAX = 28
SENTENCE_MAX = 90

STRINGS: dict[str, dict[str, str]] = {
    "title": {"fr": "Le haut-fourneau", "nl": "De hoogoven", "en": "The blast furnace"},
    # --- zones, top to bottom -----------------------------------------------------------------
    "zone.throat": {"fr": "Gueulard", "nl": "Gicht (bovenkant)", "en": "Throat"},
    "zone.throat.what": {
        "fr": "On y verse la charge ; le gaz qui s'échappe la sèche au passage.",
        "nl": "Hier valt de lading erin; het gas dat ontsnapt, droogt ze.",
        "en": "The charge goes in here; the escaping gas dries it on its way out.",
    },
    "zone.upper_stack": {"fr": "Haut de la cuve", "nl": "Bovenste schacht", "en": "Upper stack"},
    "zone.upper_stack.what": {
        "fr": "Le CO commence à arracher l'oxygène du minerai : Fe₂O₃ devient Fe₃O₄.",
        "nl": "CO begint zuurstof uit het erts te halen: Fe₂O₃ wordt Fe₃O₄.",
        "en": "CO starts pulling oxygen out of the ore: Fe₂O₃ becomes Fe₃O₄.",
    },
    "zone.middle_stack": {
        "fr": "Milieu de la cuve",
        "nl": "Midden van de schacht",
        "en": "Middle stack",
    },
    "zone.middle_stack.what": {
        "fr": "Le minerai perd encore de l'oxygène : Fe₃O₄ devient FeO.",
        "nl": "Het erts verliest nog meer zuurstof: Fe₃O₄ wordt FeO.",
        "en": "The ore loses more oxygen: Fe₃O₄ becomes FeO.",
    },
    "zone.thermal_reserve": {
        "fr": "Réserve thermique",
        "nl": "Thermische reservezone",
        "en": "Thermal reserve zone",
    },
    "zone.thermal_reserve.what": {
        "fr": "Vers 950 °C, le CO transforme FeO en fer et la castine se décompose.",
        "nl": "Rond 950 °C maakt CO van FeO ijzer en valt de kalksteen uiteen.",
        "en": "Near 950 °C, CO turns FeO into iron and the limestone breaks down.",
    },
    "zone.cohesive": {"fr": "Zone de fusion", "nl": "Smeltzone", "en": "Cohesive zone"},
    "zone.cohesive.what": {
        "fr": "La charge ramollit et fond ; le coke arrache le reste de l'oxygène.",
        "nl": "De lading wordt week en smelt; cokes neemt de laatste zuurstof weg.",
        "en": "The charge softens and melts; coke takes away the last oxygen.",
    },
    "zone.raceway": {"fr": "Zone de combustion", "nl": "Verbrandingszone", "en": "Raceway"},
    "zone.raceway.what": {
        "fr": "Le vent chaud brûle le coke à plus de 2000 °C : 2 C + O₂ → 2 CO.",
        "nl": "De hete wind verbrandt cokes bij meer dan 2000 °C: 2 C + O₂ → 2 CO.",
        "en": "The hot blast burns coke at over 2000 °C: 2 C + O₂ → 2 CO.",
    },
    "zone.hearth": {"fr": "Creuset", "nl": "Haard", "en": "Hearth"},
    "zone.hearth.what": {
        "fr": "La fonte liquide, à 4 % de carbone, s'y dépose sous le laitier plus léger.",
        "nl": "Vloeibaar ruwijzer met 4 % koolstof zakt hier onder de lichtere slak.",
        "en": "Liquid iron with 4 % carbon collects here, under the lighter slag.",
    },
    # --- what the visitor charges -------------------------------------------------------------
    "material.ore": {"fr": "Minerai de fer", "nl": "IJzererts", "en": "Iron ore"},
    "material.ore.what": {
        "fr": "Des morceaux d'hématite, Fe₂O₃ : du fer lié à l'oxygène, avec un peu de roche.",
        "nl": "Brokken hematiet, Fe₂O₃: ijzer vastgemaakt aan zuurstof, met wat gesteente.",
        "en": "Lumps of haematite, Fe₂O₃: iron bound to oxygen, with a little rock.",
    },
    "material.coke": {"fr": "Coke", "nl": "Cokes", "en": "Coke"},
    "material.coke.what": {
        "fr": "Du charbon cuit : il chauffe, il enlève l'oxygène et il porte la charge.",
        "nl": "Gebakken steenkool: geeft hitte, haalt zuurstof weg en draagt de lading.",
        "en": "Baked coal: it heats, it takes the oxygen away and it holds the charge up.",
    },
    "material.limestone": {"fr": "Castine (calcaire)", "nl": "Kalksteen", "en": "Limestone"},
    "material.limestone.what": {
        "fr": "Elle capture la roche du minerai et la transforme en laitier.",
        "nl": "Vangt het gesteente uit het erts en maakt er slak van.",
        "en": "It captures the rock in the ore and turns it into slag.",
    },
    # --- problems -----------------------------------------------------------------------------
    "problem.chilled": {"fr": "Creuset refroidi", "nl": "Haard te koud", "en": "Hearth chilled"},
    "problem.chilled.why": {
        "fr": "Trop peu de coke : le creuset est trop froid, le laitier épaissit "
        "et bloque la fonte.",
        "nl": "Te weinig cokes: de haard is te koud, de slak wordt stijf en houdt het ijzer tegen.",
        "en": "Too little coke: the hearth is too cold, the slag turns stiff "
        "and holds the iron back.",
    },
    "problem.unmelted": {
        "fr": "Charge mal fondue",
        "nl": "Lading smelt niet",
        "en": "Burden not melting",
    },
    "problem.unmelted.why": {
        "fr": "La charge descend plus vite que le creuset ne la fond : "
        "ajoutez du coke pour rattraper.",
        "nl": "De lading zakt sneller dan de haard ze smelt: voeg extra cokes toe om bij te benen.",
        "en": "The burden comes down faster than the hearth can melt it: "
        "add extra coke to catch up.",
    },
    "problem.sticky_slag": {
        "fr": "Laitier pâteux",
        "nl": "Stroperige slak",
        "en": "Sticky slag",
    },
    "problem.sticky_slag.why": {
        "fr": "Trop peu de castine : le laitier devient pâteux et la charge descend mal.",
        "nl": "Te weinig kalksteen: de slak wordt stroperig en de lading zakt trager.",
        "en": "Too little limestone: the slag turns sticky and the charge sinks slowly.",
    },
    "problem.high_fuel": {
        "fr": "Trop de coke brûlé",
        "nl": "Te veel cokes verstookt",
        "en": "Burning too much coke",
    },
    "problem.high_fuel.why": {
        "fr": "Trop de coke : chaque tonne de fonte coûte plus de coke et de CO₂.",
        "nl": "Te veel cokes: elke ton ijzer kost meer cokes en meer CO₂.",
        "en": "Too much coke: every tonne of iron costs more coke and more CO₂.",
    },
    "problem.blast.why": {
        "fr": "Trop de vent pour le coke : chaque tonne de fonte en brûle plus. Baissez le vent.",
        "nl": "Te veel wind voor de cokes: elke ton ijzer verbruikt er meer. Zet de wind lager.",
        "en": "Too much blast for the coke: each tonne of iron burns more. Turn the blast down.",
    },
    "problem.limestone.why": {
        "fr": "Trop de castine : la décomposer et fondre le surplus de laitier prend la chaleur "
        "du coke.",
        "nl": "Te veel kalksteen: hem ontleden en de extra slak smelten kost de warmte van de "
        "cokes.",
        "en": "Too much limestone: breaking it down and melting the extra slag use up the "
        "coke's heat.",
    },
    "problem.starved": {
        "fr": "Plus rien à fondre",
        "nl": "Niets meer te smelten",
        "en": "Nothing left to melt",
    },
    "problem.starved.why": {
        "fr": "Le fourneau est vide : chargez du minerai, du coke et de la castine.",
        "nl": "De oven is leeg: laad erts, cokes en kalksteen.",
        "en": "The furnace is empty: charge ore, coke and limestone.",
    },
    "problem.hearth_full": {"fr": "Creuset plein", "nl": "Haard vol", "en": "Hearth full"},
    "problem.hearth_full.why": {
        "fr": "Le creuset va déborder : faites la coulée !",
        "nl": "De haard loopt bijna over: tijd om af te tappen!",
        "en": "The hearth is about to overflow: time to tap it!",
    },
    # --- gauges -------------------------------------------------------------------------------
    "gauge.blast_rate": {"fr": "Débit de vent", "nl": "Hoeveelheid wind", "en": "Blast rate"},
    "gauge.blast_temperature": {
        "fr": "Température du vent",
        "nl": "Temperatuur hete wind",
        "en": "Blast temperature",
    },
    "gauge.hearth_fill": {
        "fr": "Remplissage du creuset",
        "nl": "Vulling van de haard",
        "en": "Hearth filling",
    },
    "gauge.top_gas": {"fr": "Gaz de gueulard", "nl": "Hoogovengas", "en": "Top gas"},
    "gauge.co2_per_t": {
        "fr": "CO₂ par tonne de fonte",
        "nl": "CO₂ per ton ijzer",
        "en": "CO₂ per tonne of iron",
    },
    "gauge.iron_made": {"fr": "Fonte produite", "nl": "IJzer gemaakt", "en": "Iron made"},
    "gauge.coke_rate": {
        "fr": "Coke par tonne de fonte",
        "nl": "Cokes per ton ijzer",
        "en": "Coke per tonne of iron",
    },
    "gas.co": {"fr": "Monoxyde de carbone", "nl": "Koolmonoxide", "en": "Carbon monoxide"},
    "gas.co2": {"fr": "Dioxyde de carbone", "nl": "Koolstofdioxide", "en": "Carbon dioxide"},
    "gas.n2": {"fr": "Azote", "nl": "Stikstof", "en": "Nitrogen"},
    "gas.h2": {"fr": "Hydrogène", "nl": "Waterstof", "en": "Hydrogen"},
    "hearth.iron": {"fr": "Fonte", "nl": "Ruwijzer", "en": "Hot metal"},
    "hearth.slag": {"fr": "Laitier", "nl": "Slak", "en": "Slag"},
    # --- tapping ------------------------------------------------------------------------------
    "tap.button": {"fr": "Coulée", "nl": "Aftappen", "en": "Tap"},
    "tap.result": {
        "fr": "{iron_t:.1f} t de fonte à {temperature_c:.0f} °C",
        "nl": "{iron_t:.1f} t ijzer van {temperature_c:.0f} °C",
        "en": "{iron_t:.1f} t of iron at {temperature_c:.0f} °C",
    },
    "tap.empty": {
        "fr": "Rien à couler pour l'instant",
        "nl": "Nog niets om af te tappen",
        "en": "Nothing to tap yet",
    },
    # --- the school challenge -----------------------------------------------------------------
    "challenge.title": {
        "fr": "Défi : 1 t, le moins de CO₂",
        "nl": "Uitdaging: 1 t, minste CO₂",
        "en": "Challenge: 1 t, least CO₂",
    },
    "challenge.intro": {
        "fr": "Produisez une tonne de fonte en rejetant le moins de CO₂ possible.",
        "nl": "Maak één ton ijzer en stoot daarbij zo weinig mogelijk CO₂ uit.",
        "en": "Make one tonne of iron while releasing as little CO₂ as you can.",
    },
    "challenge.waiting": {
        "fr": "Vos charges descendent : il leur faut environ trois minutes pour arriver en bas.",
        "nl": "Jullie lading zakt naar beneden: dat duurt ongeveer drie minuten.",
        "en": "Your charges are on their way down: they need about three minutes.",
    },
    "challenge.progress": {
        "fr": "{iron_kg:.0f} / {target_kg:.0f} kg coulés",
        "nl": "{iron_kg:.0f} / {target_kg:.0f} kg afgetapt",
        "en": "{iron_kg:.0f} / {target_kg:.0f} kg tapped",
    },
    "challenge.result": {
        "fr": "{co2_t:.2f} t de CO₂ par tonne de fonte : {score}/100",
        "nl": "{co2_t:.2f} t CO₂ per ton ijzer: {score}/100",
        "en": "{co2_t:.2f} t of CO₂ per tonne of iron: {score}/100",
    },
    "challenge.compare": {
        "fr": "Acier de haut-fourneau ≈ 2 t de CO₂ la tonne ; "
        "de ferraille au four électrique ≈ 0,4 t.",
        "nl": "Hoogovenstaal ≈ 2 t CO₂ per ton; staal uit schroot in een elektrische oven ≈ 0,4 t.",
        "en": "Blast-furnace steel ≈ 2 t of CO₂ a tonne; "
        "steel from scrap in an electric furnace ≈ 0.4 t.",
    },
    "challenge.tip": {
        "fr": "Astuce : avec un vent plus chaud et plus doux, le fourneau se contente de moins "
        "de coke.",
        "nl": "Tip: met hetere en rustigere wind heeft de oven minder cokes nodig.",
        "en": "Tip: with a hotter, gentler blast the furnace makes do with less coke.",
    },
    "challenge.voided": {
        "fr": "Le creuset s'est refroidi pendant votre essai : pas de points cette fois.",
        "nl": "De haard werd te koud tijdens jullie poging: deze keer geen punten.",
        "en": "The hearth chilled during your run: no points this time.",
    },
    "challenge.penalty": {
        "fr": "{problem} : −{points} points",
        "nl": "{problem}: −{points} punten",
        "en": "{problem}: −{points} points",
    },
    "challenge.checking": {
        "fr": "Tonne coulée\u202f! L'équipe suivante reprend votre recette\u00a0: le fourneau "
        "tiendra-t-il 12\u00a0h\u202f?",
        "nl": "Ton afgetapt! De volgende ploeg laadt verder zoals jullie: houdt de oven het "
        "12\u00a0u vol?",
        "en": "Tonne tapped! The next shift carries on with your burden: will the furnace last "
        "12\u00a0h?",
    },
    "challenge.shift": {
        "fr": "Équipe suivante, même recette, en moins de {hours}\u00a0h\u00a0: {problem}, "
        "−{points}\u00a0points",
        "nl": "Volgende ploeg, zelfde recept, binnen {hours}\u00a0u: {problem}, "
        "−{points}\u00a0punten",
        "en": "Next shift, same burden, within {hours}\u00a0h: {problem}, −{points}\u00a0points",
    },
    # --- the scene's own words ----------------------------------------------------------------
    "scene.hint": {
        "fr": "Trois boutons chargent ; la roue règle le vent, le bouton du cowper sa température.",
        "nl": "Vul met de drie knoppen; het wiel regelt de wind, de knop van de cowper de "
        "temperatuur.",
        "en": "Charge with the three buttons; the wheel sets the blast, the stove's knob its "
        "temperature.",
    },
    "scene.touch_hint": {
        "fr": "Touchez une zone pour la découvrir",
        "nl": "Tik op een zone voor uitleg",
        "en": "Touch a zone to find out more",
    },
    "scene.blast": {"fr": "Vent chaud", "nl": "Hete wind", "en": "Hot blast"},
    "scene.chill": {
        "fr": "Trop froid sous {celsius:.0f} °C",
        "nl": "Te koud onder {celsius:.0f} °C",
        "en": "Too cold below {celsius:.0f} °C",
    },
    "scene.ok": {
        "fr": "Le fourneau marche bien",
        "nl": "De hoogoven loopt goed",
        "en": "The furnace is running well",
    },
    "scene.ok_tip": {
        "fr": "Une bonne recette : 2 minerais, 1 coke, 1 castine, et on recommence.",
        "nl": "Een goed recept: 2 erts, 1 cokes, 1 kalksteen, en opnieuw.",
        "en": "A good recipe: 2 ore, 1 coke, 1 limestone, and again.",
    },
    "scene.crew_tapped": {
        "fr": "Creuset plein : l'équipe a fait la coulée",
        "nl": "Haard vol: de ploeg heeft afgetapt",
        "en": "Hearth full: the crew tapped it",
    },
    "scene.throat_full": {
        "fr": "Gueulard plein : attendez que la charge descende",
        "nl": "Gicht vol: wacht tot de lading zakt",
        "en": "Throat full: wait for the charge to sink",
    },
    "scene.scale": {
        "fr": "Échelle des températures",
        "nl": "Temperatuurschaal",
        "en": "Temperature scale",
    },
    "scene.tap_to_count": {
        "fr": "Faites la coulée pour compter la fonte",
        "nl": "Tap af om het ijzer te tellen",
        "en": "Tap the iron to count it",
    },
    "scene.challenge_start": {"fr": "Relever le défi", "nl": "Doe mee", "en": "Take it on"},
    "scene.challenge_again": {"fr": "Rejouer", "nl": "Opnieuw", "en": "Play again"},
    "scene.ore_reduced": {
        "fr": "Minerai réduit",
        "nl": "Gereduceerd erts",
        "en": "Reduced ore",
    },
}

SENTENCE_KEYS = frozenset(
    key
    for key in STRINGS
    if key.endswith((".what", ".why"))
    or key
    in (
        "challenge.intro",
        "challenge.waiting",
        "challenge.result",
        "challenge.compare",
        "challenge.tip",
        "challenge.voided",
        "challenge.penalty",
        "challenge.checking",
        "challenge.shift",
        "scene.hint",
        "scene.ok_tip",
        "scene.crew_tapped",
        "scene.throat_full",
        "scene.tap_to_count",
        "scene.touch_hint",
    )
)
"""Keys whose texts are sentences (at most `SENTENCE_MAX`); every other text is a label."""

SAMPLE_VALUES = {
    "iron_t": 3.4,
    "temperature_c": 1487.0,
    "iron_kg": 1000.0,
    "target_kg": 1000.0,
    "co2_t": 1.53,
    "score": 100,
    "points": 25,
    "hours": 12,
    "problem": "Te veel cokes verstookt",
    "celsius": 1350.0,
}
"""Widest values the scene puts into the strings, for measuring them."""


BLAST_PROBLEMS = ("chilled", "high_fuel", "unmelted")
"""Problems an over-blown furnace with a cooling hearth (`FurnaceState.blames_blast`) owes to
its blast."""


LIMESTONE_PROBLEMS = ("chilled", "unmelted")
"""Problems a furnace charged with far too much limestone (`FurnaceState.blames_limestone`)
owes to it."""


def problem_why_key(problem: str, blames_blast: bool, blames_limestone: bool) -> str:
    """The key of the sentence saying why `problem` shows: in an over-blown furnace whose
    hearth cools, a cold hearth or a high coke rate is the blast's doing, and less blast the
    first cure, whatever the recipe; otherwise a cold hearth under a far too basic slag is the
    extra limestone's, not too little coke's."""
    if blames_blast and problem in BLAST_PROBLEMS:
        return "problem.blast.why"
    if blames_limestone and problem in LIMESTONE_PROBLEMS:
        return "problem.limestone.why"
    return f"problem.{problem}.why"


def t(key: str, language: str, **values: object) -> str:
    """The string `key` in `language` (French, the site default, if missing), filled in: the
    numbers among `values` are written as that language writes them (see
    `acier.exhibits.numbers`)."""
    texts = STRINGS[key]
    if language not in texts:
        language = "fr"
    return fill(texts[language], language, values)
