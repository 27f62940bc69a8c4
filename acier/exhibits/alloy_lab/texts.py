"""The alloy lab's words, in every language the centre speaks.

Every id the model emits has a name here, under a prefix saying what kind of id it is:
`family.<id>`, `carbon_class.<id>`, `phase.<id>` (equilibrium phases), `constituent.<id>` (what
`constituents_at` and `microstructure` list), `variant.<id>`, `treatment.<id>`, `sector.<id>`,
`condition.<id>`, `grade.<id>` (one sentence each, at most 100 characters), `element.<symbol>`,
`line.<id>` (the lines the diagram names, `model.LINE_LABELS`), `grade_name.<id>` (a display
name, where a grade's id is not one); `label.<name>` are the scene's own words. A missing
translation is a test failure, not a blank label.

Some labels take values, in `str.format` style (`t(key, language, mm=12.0)`): numbers among them
are written the way each language writes them by `acier.exhibits.numbers`, the formatter every
exhibit shares (12,5 in French and Dutch, 12.5 in English).
"""

from __future__ import annotations

from acier.exhibits.numbers import fill

STRINGS: dict[str, dict[str, str]] = {
    # --- the scene's own words -----------------------------------------------------------------
    "label.title": {"fr": "Le labo des alliages", "nl": "Het legeringslab", "en": "The alloy lab"},
    "label.hint": {
        "fr": "Posez des jetons ou appuyez sur les touches",
        "nl": "Leg fiches op de lezer of druk op de toetsen",
        "en": "Place tokens or press keys",
    },
    "label.no_iron": {
        "fr": "Pas encore de fer : posez d'abord le jeton fer",
        "nl": "Nog geen ijzer: leg eerst de ijzerfiche",
        "en": "No iron yet: place the iron token first",
    },
    # a lab without a token reader: its visitors touch the element chips instead
    "label.hint_touch": {
        "fr": "Touchez les éléments pour composer votre alliage",
        "nl": "Tik op de elementen om je legering samen te stellen",
        "en": "Touch the elements to make your alloy",
    },
    "label.no_iron_touch": {
        "fr": "Pas encore de fer : touchez d'abord le fer",
        "nl": "Nog geen ijzer: tik eerst op ijzer",
        "en": "No iron yet: touch iron first",
    },
    "label.temperature": {"fr": "Température", "nl": "Temperatuur", "en": "Temperature"},
    "label.hardness": {"fr": "Dureté", "nl": "Hardheid", "en": "Hardness"},
    "label.strength": {
        "fr": "Résistance à la traction",
        "nl": "Treksterkte",
        "en": "Tensile strength",
    },
    "label.resembles": {"fr": "Ressemble à", "nl": "Lijkt op", "en": "Resembles"},
    "label.used_in": {"fr": "Utilisé dans", "nl": "Gebruikt in", "en": "Used in"},
    "label.axis_carbon": {
        "fr": "Carbone (% en masse)",
        "nl": "Koolstof (massa-%)",
        "en": "Carbon (wt %)",
    },
    "label.axis_temperature": {
        "fr": "Température (°C)",
        "nl": "Temperatuur (°C)",
        "en": "Temperature (°C)",
    },
    "label.family": {"fr": "Famille", "nl": "Familie", "en": "Family"},
    "label.treatment": {
        "fr": "Traitement thermique",
        "nl": "Warmtebehandeling",
        "en": "Heat treatment",
    },
    "label.phases": {"fr": "Phases", "nl": "Fasen", "en": "Phases"},
    "label.microstructure": {
        "fr": "Structure à température ambiante",
        "nl": "Structuur bij kamertemperatuur",
        "en": "Structure at room temperature",
    },
    "label.magnetic": {"fr": "Magnétique", "nl": "Magnetisch", "en": "Magnetic"},
    "label.not_magnetic": {"fr": "Non magnétique", "nl": "Niet magnetisch", "en": "Not magnetic"},
    "label.hardens_through": {
        "fr": "Trempe à cœur jusqu'à {mm:.0f} mm",
        "nl": "Hardt door tot {mm:.0f} mm",
        "en": "Hardens through up to {mm:.0f} mm",
    },
    "label.hardens_through_any": {
        "fr": "Autotrempant : trempe à cœur quelle que soit la taille",
        "nl": "Luchthardend: hardt door in elke dikte",
        "en": "Air-hardening: hardens through in any size",
    },
    "label.embrittled": {
        "fr": "Carbures aux joints de grains : trempez à l'eau",
        "nl": "Carbiden op de korrelgrenzen: schrik af in water",
        "en": "Carbides on grain boundaries: quench in water",
    },
    "label.not_hardenable": {
        "fr": "Ne durcit pas à la trempe",
        "nl": "Wordt niet harder door afschrikken",
        "en": "Quenching does not harden it",
    },
    "label.diagram_not_applicable": {
        "fr": "Trop allié pour le diagramme fer-carbone",
        "nl": "Te sterk gelegeerd voor het ijzer-koolstofdiagram",
        "en": "Too highly alloyed for the iron–carbon diagram",
    },
    "label.diagram_ferrite": {
        "fr": "Jamais d'austénite : cet alliage reste ferrite à toute température",
        "nl": "Nooit austeniet: deze legering blijft ferriet bij elke temperatuur",
        "en": "Never austenite: this alloy stays ferrite at every temperature",
    },
    "label.iron_balance": {"fr": "Fer (le reste)", "nl": "IJzer (de rest)", "en": "Iron (balance)"},
    "label.nearest_relative": {
        "fr": "Proche parent",
        "nl": "Naaste verwant",
        "en": "Nearest relative",
    },
    "label.no_match": {
        "fr": "Aucune nuance connue ne ressemble à ce mélange",
        "nl": "Geen bekende staalsoort lijkt op dit mengsel",
        "en": "No known grade resembles this mix",
    },
    "label.mix_full": {
        "fr": "Le creuset est plein",
        "nl": "De smeltkroes is vol",
        "en": "The crucible is full",
    },
    "label.composition": {"fr": "Votre alliage", "nl": "Jouw legering", "en": "Your alloy"},
    "label.start_again": {"fr": "Recommencer", "nl": "Opnieuw", "en": "Start again"},
    "label.empty": {
        "fr": "Le creuset est vide",
        "nl": "De smeltkroes is leeg",
        "en": "The crucible is empty",
    },
    "label.diagram": {
        "fr": "Diagramme fer–carbone",
        "nl": "IJzer-koolstofdiagram",
        "en": "Iron–carbon diagram",
    },
    "label.phases_at": {
        "fr": "Phases à {temp}",
        "nl": "Fasen bij {temp}",
        "en": "Phases at {temp}",
    },
    "label.wheel_hint": {
        "fr": "Tournez la roue ou touchez le diagramme",
        "nl": "Draai aan het wiel of tik op het diagram",
        "en": "Turn the wheel or tap the diagram",
    },
    "label.also": {"fr": "Aussi", "nl": "Ook", "en": "Also"},
    "label.try": {
        "fr": "Recettes à essayer",
        "nl": "Recepten om te proberen",
        "en": "Recipes to try",
    },
    "label.unknown_token": {
        "fr": "Ce jeton n'appartient pas au labo",
        "nl": "Deze fiche hoort niet bij het lab",
        "en": "This token does not belong to the lab",
    },
    "label.iron_already": {
        "fr": "Le fer est déjà dans le creuset",
        "nl": "Het ijzer zit al in de smeltkroes",
        "en": "The iron is already in the crucible",
    },
    "label.top_rung": {
        "fr": "Déjà le maximum de {element}",
        "nl": "Al het maximum aan {element}",
        "en": "Already the most {element} there can be",
    },
    # --- display names of grades whose id is not a name -----------------------------------------
    "grade_name.304": {"fr": "Inox 304", "nl": "RVS 304", "en": "304 stainless"},
    "grade_name.316": {"fr": "Inox 316", "nl": "RVS 316", "en": "316 stainless"},
    "grade_name.430": {"fr": "Inox 430", "nl": "RVS 430", "en": "430 stainless"},
    "grade_name.420": {"fr": "Inox 420", "nl": "RVS 420", "en": "420 stainless"},
    "grade_name.electrical_steel": {
        "fr": "Acier électrique",
        "nl": "Elektrisch staal",
        "en": "Electrical steel",
    },
    "grade_name.puddled_iron": {"fr": "Fer puddlé", "nl": "Puddelijzer", "en": "Puddled iron"},
    # --- families --------------------------------------------------------------------------------
    "family.no_iron": {"fr": "Pas encore de fer", "nl": "Nog geen ijzer", "en": "No iron yet"},
    "family.wrought_iron": {"fr": "Fer forgé", "nl": "Smeedijzer", "en": "Wrought iron"},
    "family.steel": {"fr": "Acier", "nl": "Staal", "en": "Steel"},
    "family.cast_iron": {"fr": "Fonte", "nl": "Gietijzer", "en": "Cast iron"},
    "family.stainless_ferritic": {
        "fr": "Inox ferritique",
        "nl": "Ferritisch roestvast staal",
        "en": "Ferritic stainless steel",
    },
    "family.stainless_martensitic": {
        "fr": "Inox martensitique",
        "nl": "Martensitisch roestvast staal",
        "en": "Martensitic stainless steel",
    },
    "family.stainless_austenitic": {
        "fr": "Inox austénitique",
        "nl": "Austenitisch roestvast staal",
        "en": "Austenitic stainless steel",
    },
    "family.manganese_austenitic": {
        "fr": "Acier au manganèse (Hadfield)",
        "nl": "Mangaanstaal (Hadfield)",
        "en": "Manganese steel (Hadfield)",
    },
    "family.high_speed_steel": {"fr": "Acier rapide", "nl": "Snelstaal", "en": "High-speed steel"},
    # --- carbon against the eutectoid and the eutectic -----------------------------------------
    "carbon_class.hypoeutectoid": {
        "fr": "Hypoeutectoïde",
        "nl": "Hypo-eutectoïde",
        "en": "Hypoeutectoid",
    },
    "carbon_class.eutectoid": {"fr": "Eutectoïde", "nl": "Eutectoïde", "en": "Eutectoid"},
    "carbon_class.hypereutectoid": {
        "fr": "Hypereutectoïde",
        "nl": "Hyper-eutectoïde",
        "en": "Hypereutectoid",
    },
    "carbon_class.hypoeutectic": {
        "fr": "Hypoeutectique",
        "nl": "Hypo-eutectisch",
        "en": "Hypoeutectic",
    },
    "carbon_class.eutectic": {"fr": "Eutectique", "nl": "Eutectisch", "en": "Eutectic"},
    "carbon_class.hypereutectic": {
        "fr": "Hypereutectique",
        "nl": "Hyper-eutectisch",
        "en": "Hypereutectic",
    },
    # --- equilibrium phases ----------------------------------------------------------------------
    "phase.liquid": {"fr": "Liquide", "nl": "Smelt", "en": "Liquid"},
    "phase.delta_ferrite": {
        "fr": "Ferrite delta (δ)",
        "nl": "Deltaferriet (δ)",
        "en": "Delta ferrite (δ)",
    },
    "phase.austenite": {"fr": "Austénite (γ)", "nl": "Austeniet (γ)", "en": "Austenite (γ)"},
    "phase.ferrite": {"fr": "Ferrite (α)", "nl": "Ferriet (α)", "en": "Ferrite (α)"},
    "phase.cementite": {
        "fr": "Cémentite (Fe₃C)",
        "nl": "Cementiet (Fe₃C)",
        "en": "Cementite (Fe₃C)",
    },
    # --- constituents (slow cooling, and after a heat treatment) --------------------------------
    "constituent.liquid": {"fr": "Liquide", "nl": "Smelt", "en": "Liquid"},
    "constituent.delta_ferrite": {
        "fr": "Ferrite delta",
        "nl": "Deltaferriet",
        "en": "Delta ferrite",
    },
    "constituent.austenite": {"fr": "Austénite", "nl": "Austeniet", "en": "Austenite"},
    "constituent.ferrite": {"fr": "Ferrite", "nl": "Ferriet", "en": "Ferrite"},
    "constituent.proeutectoid_ferrite": {
        "fr": "Ferrite proeutectoïde",
        "nl": "Pro-eutectoïde ferriet",
        "en": "Proeutectoid ferrite",
    },
    "constituent.pearlite": {"fr": "Perlite", "nl": "Perliet", "en": "Pearlite"},
    "constituent.proeutectoid_cementite": {
        "fr": "Cémentite proeutectoïde",
        "nl": "Pro-eutectoïde cementiet",
        "en": "Proeutectoid cementite",
    },
    "constituent.primary_cementite": {
        "fr": "Cémentite primaire",
        "nl": "Primair cementiet",
        "en": "Primary cementite",
    },
    "constituent.ledeburite": {"fr": "Lédéburite", "nl": "Ledeburiet", "en": "Ledeburite"},
    "constituent.cementite": {"fr": "Cémentite", "nl": "Cementiet", "en": "Cementite"},
    "constituent.martensite": {"fr": "Martensite", "nl": "Martensiet", "en": "Martensite"},
    "constituent.tempered_martensite": {
        "fr": "Martensite revenue",
        "nl": "Ontlaten martensiet",
        "en": "Tempered martensite",
    },
    "constituent.bainite": {"fr": "Bainite", "nl": "Bainiet", "en": "Bainite"},
    "constituent.graphite_flakes": {
        "fr": "Graphite lamellaire",
        "nl": "Lamellair grafiet",
        "en": "Graphite flakes",
    },
    "constituent.carbides": {"fr": "Carbures", "nl": "Carbiden", "en": "Carbides"},
    # --- kinds of cast iron ----------------------------------------------------------------------
    "variant.grey_iron": {"fr": "Fonte grise", "nl": "Grijs gietijzer", "en": "Grey cast iron"},
    "variant.white_iron": {"fr": "Fonte blanche", "nl": "Wit gietijzer", "en": "White cast iron"},
    "variant.embrittled": {
        "fr": "Acier au manganèse fragilisé",
        "nl": "Verbrost mangaanstaal",
        "en": "Embrittled manganese steel",
    },
    # --- heat treatments -------------------------------------------------------------------------
    "treatment.slow_cool": {
        "fr": "Refroidissement lent (recuit)",
        "nl": "Langzaam afkoelen (gloeien)",
        "en": "Slow cooling (annealing)",
    },
    "treatment.air_cool": {
        "fr": "Refroidissement à l'air (normalisation)",
        "nl": "Afkoelen aan de lucht (normaliseren)",
        "en": "Air cooling (normalising)",
    },
    "treatment.quench": {"fr": "Trempe", "nl": "Afschrikken", "en": "Quenching"},
    "treatment.quench_temper": {
        "fr": "Trempe et revenu",
        "nl": "Harden en ontlaten",
        "en": "Quenching and tempering",
    },
    # --- sectors ---------------------------------------------------------------------------------
    "sector.construction": {"fr": "Construction", "nl": "Bouw", "en": "Construction"},
    "sector.automotive": {"fr": "Automobile", "nl": "Auto-industrie", "en": "Automotive"},
    "sector.energy": {"fr": "Énergie", "nl": "Energie", "en": "Energy"},
    "sector.aerospace": {
        "fr": "Aéronautique et spatial",
        "nl": "Lucht- en ruimtevaart",
        "en": "Aerospace",
    },
    "sector.rail": {"fr": "Ferroviaire", "nl": "Spoorwegen", "en": "Rail"},
    "sector.medical": {"fr": "Médical", "nl": "Medisch", "en": "Medical"},
    "sector.food": {"fr": "Agroalimentaire", "nl": "Voedingsindustrie", "en": "Food"},
    # --- the condition a grade is used in --------------------------------------------------------
    "condition.as_rolled": {"fr": "Brut de laminage", "nl": "Warmgewalst", "en": "As rolled"},
    "condition.normalised": {"fr": "Normalisé", "nl": "Genormaliseerd", "en": "Normalised"},
    "condition.annealed": {"fr": "Recuit", "nl": "Gegloeid", "en": "Annealed"},
    "condition.solution_annealed": {
        "fr": "Hypertrempé",
        "nl": "Oplosgegloeid",
        "en": "Solution annealed",
    },
    "condition.quenched_tempered": {
        "fr": "Trempé et revenu",
        "nl": "Gehard en ontlaten",
        "en": "Quenched and tempered",
    },
    "condition.water_quenched": {
        "fr": "Trempé à l'eau",
        "nl": "In water afgeschrikt",
        "en": "Water quenched",
    },
    "condition.as_cast": {"fr": "Brut de coulée", "nl": "Gegoten toestand", "en": "As cast"},
    "condition.puddled": {
        "fr": "Puddlé et forgé",
        "nl": "Gepudeld en gesmeed",
        "en": "Puddled and forged",
    },
    # --- grades: one sentence each, at most 100 characters ---------------------------------------
    "grade.S235JR": {
        "fr": "Acier de construction courant : poutres, charpentes, ferrures ; facile à souder.",
        "nl": "Gewoon constructiestaal voor balken, frames en beugels, makkelijk te lassen.",
        "en": "Everyday structural steel for beams, frames and brackets, easy to weld.",
    },
    "grade.S355J2": {
        "fr": "Acier de construction plus résistant pour ponts, mâts d'éoliennes et wagons.",
        "nl": "Sterker constructiestaal voor bruggen, windturbinemasten en wagons.",
        "en": "Stronger structural steel for bridges, wind turbine towers and railway wagons.",
    },
    "grade.C45": {
        "fr": "Acier mi-dur pour arbres, essieux et engrenages.",
        "nl": "Middelhard staal voor assen, wielassen en tandwielen.",
        "en": "Medium-carbon steel for shafts, axles and gears.",
    },
    "grade.42CrMo4": {
        "fr": "Acier au chrome-molybdène pour vilebrequins, engrenages et boulons d'éoliennes.",
        "nl": "Chroom-molybdeenstaal voor krukassen, tandwielen en bouten van windturbines.",
        "en": "Chromium-molybdenum steel for crankshafts, gears and wind turbine bolts.",
    },
    "grade.R260": {
        "fr": "Acier à rails perlitique : les rails où roulent les trains, résistants à l'usure.",
        "nl": "Perlitisch railstaal: de sporen onder de treinen, slijtvast onder zware wielen.",
        "en": "Pearlitic rail steel: the rails trains run on, hard-wearing under heavy wheels.",
    },
    "grade.100Cr6": {
        "fr": "Acier à roulements : billes et bagues des voitures, éoliennes et essieux de trains.",
        "nl": "Kogellagerstaal: kogels en ringen in lagers van auto's, windturbines en treinassen.",
        "en": "Bearing steel: balls and rings in car, wind turbine and train axle bearings.",
    },
    "grade.304": {
        "fr": "L'inox 18/8 classique : éviers, cuves à lait, cuisines, façades.",
        "nl": "Het klassieke 18/8-roestvast staal: spoelbakken, melktanks, keukens, gevels.",
        "en": "The classic 18/8 stainless steel: sinks, milk tanks, kitchens, facades.",
    },
    "grade.316": {
        "fr": "Inox au molybdène qui résiste au sel : implants, agroalimentaire, bord de mer.",
        "nl": "Roestvast staal met molybdeen dat zout weerstaat: implantaten, voedingsindustrie.",
        "en": "Molybdenum stainless steel that resists salt: implants, food plants, the seaside.",
    },
    "grade.430": {
        "fr": "Inox ferritique sans nickel : électroménager, couverts, enjoliveurs ; aimantable.",
        "nl": "Nikkelvrij ferritisch roestvast staal: huishoudtoestellen, sierlijsten; magnetisch.",
        "en": "Nickel-free ferritic stainless steel: appliances, car trim; a magnet sticks to it.",
    },
    "grade.420": {
        "fr": "Inox trempable pour instruments chirurgicaux et couteaux de cuisine.",
        "nl": "Hardbaar roestvast staal voor chirurgische instrumenten en keukenmessen.",
        "en": "Hardenable stainless steel for surgical instruments and kitchen knives.",
    },
    "grade.X120Mn12": {
        "fr": "Acier Hadfield : durcit sous les chocs, pour cœurs de croisement et concasseurs.",
        "nl": "Hadfieldstaal: wordt harder onder slagen, voor spoorwissels en breekmachines.",
        "en": "Hadfield steel: hardens under impact, for railway crossings and rock crushers.",
    },
    "grade.EN-GJL-250": {
        "fr": "Fonte grise : blocs moteurs, disques de frein, bâtis ; amortit les vibrations.",
        "nl": "Grijs gietijzer: motorblokken, remschijven, machinebedden; dempt trillingen.",
        "en": "Grey cast iron: engine blocks, brake discs, machine beds; it damps vibration.",
    },
    "grade.EN-GJS-400-18": {
        "fr": "Fonte ductile (il faut du magnésium) : moyeux d'éoliennes, tuyaux, suspensions.",
        "nl": "Nodulair gietijzer (vraagt magnesium): naven van windturbines, buizen, ophanging.",
        "en": "Ductile iron (needs magnesium): wind turbine hubs, water pipes, suspension parts.",
    },
    "grade.M2": {
        "fr": "Acier rapide au tungstène et molybdène pour forets et fraises ; reste dur au rouge.",
        "nl": "Wolfraam-molybdeensnelstaal voor boren en frezen; blijft hard, zelfs roodgloeiend.",
        "en": "Tungsten-molybdenum high-speed steel for drills and cutters; stays hard red-hot.",
    },
    "grade.T1": {
        "fr": "L'acier rapide historique 18-4-1 au tungstène (1910), pour outils de coupe.",
        "nl": "Het oorspronkelijke 18-4-1-wolfraamsnelstaal (1910) voor snijgereedschap.",
        "en": "The original 18-4-1 tungsten high-speed steel (1910), for cutting tools.",
    },
    "grade.electrical_steel": {
        "fr": "Acier au silicium des transformateurs et moteurs : faibles pertes magnétiques.",
        "nl": "Siliciumstaal voor transformator- en motorkernen: weinig magnetisch verlies.",
        "en": "Silicon steel for transformer and motor cores: low magnetic losses.",
    },
    "grade.puddled_iron": {
        "fr": "Le fer puddlé du XIXe siècle : rails, chaînes, ponts et tour Eiffel.",
        "nl": "Puddelijzer uit de 19e eeuw: rails, kettingen, bruggen en de Eiffeltoren.",
        "en": "The puddled iron of the 19th century: rails, chains, bridges, the Eiffel Tower.",
    },
    # --- elements --------------------------------------------------------------------------------
    "element.Fe": {"fr": "Fer", "nl": "IJzer", "en": "Iron"},
    "element.C": {"fr": "Carbone", "nl": "Koolstof", "en": "Carbon"},
    "element.Cr": {"fr": "Chrome", "nl": "Chroom", "en": "Chromium"},
    "element.Ni": {"fr": "Nickel", "nl": "Nikkel", "en": "Nickel"},
    "element.Mn": {"fr": "Manganèse", "nl": "Mangaan", "en": "Manganese"},
    "element.Mo": {"fr": "Molybdène", "nl": "Molybdeen", "en": "Molybdenum"},
    "element.V": {"fr": "Vanadium", "nl": "Vanadium", "en": "Vanadium"},
    "element.W": {"fr": "Tungstène", "nl": "Wolfraam", "en": "Tungsten"},
    "element.Si": {"fr": "Silicium", "nl": "Silicium", "en": "Silicon"},
    # --- the diagram's lines ---------------------------------------------------------------------
    "line.eutectic": {"fr": "Palier eutectique", "nl": "Eutectische lijn", "en": "Eutectic line"},
    "line.eutectoid": {
        "fr": "Palier eutectoïde (A1)",
        "nl": "Eutectoïde lijn (A1)",
        "en": "Eutectoid line (A1)",
    },
}

LANGUAGES = ("fr", "nl", "en")


def t(key: str, language: str, **values: object) -> str:
    """The string `key` in `language`, falling back to French, the site default, filled in with
    `values` (numbers written as that language writes them, see `acier.exhibits.numbers`)."""
    texts = STRINGS[key]
    if language not in texts:
        language = "fr"
    return fill(texts[language], language, values)


def name(kind: str, item_id: str, language: str) -> str:
    """The name of a model id: `name("family", "steel", "nl")` is "Staal"."""
    return t(f"{kind}.{item_id}", language)
