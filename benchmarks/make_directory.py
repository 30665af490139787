# ruff: noqa: E501 (the catalogue keeps one service to a line)
"""Fictional Open Referral UK directories for Millbrook, as HSDS 3.0 UK profile JSON.

One generator, two uses:

* ``--sample``: the sample directory shipped with the app (``linkworker/resources/directory/
  millbrook.json``). Every service in the hand-written catalogue below appears once, run by a
  hand-written cast of Millbrook organisations at hand-written venues::

      python benchmarks/make_directory.py --sample --seed 1 \\
          linkworker/resources/directory/millbrook.json

* ``--services N --organisations M``: a large synthetic directory for measurement. Names and
  descriptions come from the same catalogue; organisations and venues are made up on the fly::

      python benchmarks/make_directory.py --services 100000 --organisations 20000 --seed 1 OUT.json

The output is the paged list form of the API (``total_items`` ... ``contents``), one page, whose
``contents`` are fully nested service documents (``service_compiled.json``): organisation,
service_at_locations with location, address and accessibility, schedules (RRULE fields and a
plain-English description), cost options, contacts, languages, funding, and attributes linking
a small local taxonomy of the kinds of support link workers use. The same seed and ``--as-of``
date give the same file, byte for byte. Locations, organisations and taxonomy terms shared by
several services appear in each with the same id and the same content.

Two fields come from HSDS 3.0 (core) where the UK profile declares none, and validate because
the schema allows extra properties: ``languages[].name`` and ``languages[].code`` (the UK
profile's language has only ids), and ``contacts[].phones[]`` (the UK profile has a phone object
with a ``contact_id`` but nowhere to nest it).

Everything is fictional: Millbrook does not exist, its postcodes ("MB") belong to no real area,
phone numbers come from Ofcom's drama ranges, web and email addresses use reserved domains
(``millbrook.example``, ``example.org``), and no name is a real charity or brand.

Importable: ``sample_services()`` returns the sample's services, ``generate_services()`` yields
synthetic ones, and ``write_directory()`` streams either to a file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any

import msgspec

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from linkworker.care import fictional  # noqa: E402

Json = dict[str, Any]

AS_OF = dt.date(2026, 12, 1)
"""The day the directory is "as of": assured and modified dates fall before it."""
SAMPLE_SEED = 1
SAMPLE_PATH = ROOT / "linkworker" / "resources" / "directory" / "millbrook.json"
ASSURER_EMAIL = "directory@millbrook.example"
STALE_AFTER_DAYS = 365

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://directory.millbrook.example/taxonomy")
_TAXONOMY_URI = "https://directory.millbrook.example/taxonomy"

# (option, amount in pounds, amount_description)
CostOption = tuple[str, float, str]
FREE: tuple[CostOption, ...] = (("Free", 0.0, "No charge"),)
FREE_DONATIONS: tuple[CostOption, ...] = (("Free", 0.0, "Free; donations welcome"),)


@dataclass(frozen=True)
class Offering:
    """One service in the catalogue: its name, the heart of its description, and anything that
    differs from its kind's usual (ages, cost, time, languages, how people take part)."""

    name: str
    text: str
    kind: str = ""
    also: tuple[str, ...] = ()
    ages: tuple[int | None, int | None] | None = None
    cost: tuple[CostOption, ...] | None = None
    when: str | None = None
    languages: tuple[str, ...] = ()
    mode: str = "in person"  # "in person", "phone", "online" or "home"
    join: str | None = None  # "drop", "book" or "refer"; the kind's own when None


def S(  # a short name keeps the catalogue readable
    name: str,
    text: str,
    *,
    also: tuple[str, ...] = (),
    ages: tuple[int | None, int | None] | None = None,
    cost: tuple[CostOption, ...] | None = None,
    when: str | None = None,
    languages: tuple[str, ...] = (),
    mode: str = "in person",
    join: str | None = None,
) -> Offering:
    return Offering(name, text, "", also, ages, cost, when, languages, mode, join)


@dataclass(frozen=True)
class Kind:
    """A kind of support: a term in the local taxonomy, with what its services are usually like."""

    code: str
    name: str
    description: str
    offerings: tuple[Offering, ...]
    extras: tuple[str, ...]
    titles: tuple[str, ...]
    days: tuple[str, ...]
    times: tuple[str, ...]
    ages: tuple[tuple[int | None, int | None], ...]
    costs: tuple[tuple[CostOption, ...], ...]
    join: str
    other_languages: float


def _kind(
    code: str,
    name: str,
    description: str,
    *,
    offerings: Sequence[Offering],
    extras: Sequence[str],
    titles: Sequence[str],
    days: str,
    times: Sequence[str],
    ages: Sequence[tuple[int | None, int | None]] = ((18, None),),
    costs: Sequence[tuple[CostOption, ...]] = (FREE,),
    join: str = "drop",
    other_languages: float = 0.12,
) -> Kind:
    return Kind(
        code,
        name,
        description,
        tuple(replace(o, kind=code) for o in offerings),
        tuple(extras),
        tuple(titles),
        tuple(days.split()),
        tuple(times),
        tuple(ages),
        tuple(costs),
        join,
        other_languages,
    )


# ---------------------------------------------------------------------------------------------
# The catalogue: kinds of support, each with its services. "{place}" in a name becomes the
# organisation's own short name; "{venue}" in a text becomes the name of the place it meets.
# ---------------------------------------------------------------------------------------------

# fmt: off
KINDS: tuple[Kind, ...] = (
    _kind(
        "walking",
        "Walking groups",
        "Led group walks, from short strolls to longer country walks.",
        days="MO TU WE TH FR SA SU",
        times=("10:00-11:00", "10:00-11:30", "10:30-12:00", "13:30-15:00", "09:30-11:00"),
        costs=(FREE, FREE, (("Free", 0.0, "Free; the cuppa at the end is about £1.50"),)),
        titles=("Walk leader", "Walks coordinator", "Volunteer walk leader"),
        extras=(
            "Walks go ahead in most weathers, so wear sturdy shoes and bring a waterproof.",
            "Walk leaders are trained in first aid and carry a phone.",
            "If you use a stick or a frame, tell the leader and they will suggest a route that suits.",
            "Many walkers come on their own at first and end up with a group of friends.",
            "Walks are called off only in snow or ice; ring to check if in doubt.",
            "There is always a back marker, so nobody gets left behind.",
        ),
        offerings=(
            S("Tuesday Towpath Stroll", "A friendly group walk of about an hour on flat paths along the canal towpath, finishing with a cuppa at the café by the lock.", when="TU 10:00-11:00"),
            S("{place} Health Walk", "An easy-paced walk of 45 minutes to an hour around quiet streets and the edge of the park. The leader goes at the pace of the slowest walker."),
            S("Moorside Ramble", "A longer walk of two to three hours up onto the moor and back, with some stiles and muddy stretches. Good boots and a packed lunch are a must.", when="SA 10:00-13:00"),
            S("Nordic Walking for Beginners", "Learn to walk with poles over four weeks. Poles are lent free, and the technique takes strain off knees and hips while working the upper body.", join="book"),
            S("Buggy Walk", "A walk for parents and carers with babies in prams and pushchairs, on paths smooth enough for wheels. A good way to get out of the house and meet other parents.", ages=(16, None), also=("parents",)),
            S("Walk and Talk", "A gentle walk for anyone who finds it easier to chat side by side than face to face. Walkers say it helps to clear their heads, and there is no pressure to talk about anything.", also=("mental-health",)),
            S("Park Loop Walk", "Two laps of Brookside Park on tarmac paths, with benches every few hundred yards. About 40 minutes, and you can stop after one lap."),
            S("Heritage Trail Walk", "A stroll round the old mill buildings and weavers' cottages with a volunteer who knows the stories behind them. Around 90 minutes with plenty of stops.", when="1SU 14:00-15:30"),
            S("Short Strolls", "A very short walk of 20 to 30 minutes for people starting out again after illness, an operation or a long time indoors. Walking sticks and frames are welcome."),
            S("Reservoir Circuit", "A steady walk of about five miles around Greenholme reservoir on good tracks, with one short climb. Suits people who already walk regularly.", when="SU 10:00-12:30"),
            S("Sunday Family Walk", "A relaxed walk for all ages, with a nature trail sheet for children and a stop at the playground halfway.", ages=(None, None), when="SU 11:00-12:30"),
            S("Nature Notes Walk", "A slow walk looking out for birds, flowers and trees through the seasons, led by a volunteer naturalist. Binoculars can be borrowed."),
            S("Photo Walk", "A walk with a camera or phone, taking pictures along the way. Each month has a theme, and the best photos go on the noticeboard at {venue}.", when="2SA 10:30-12:30", also=("arts",)),
            S("Women's Walking Group", "A women-only walk at a comfortable pace, with time to chat. Many walkers come with a friend at first.", languages=("ur", "pa")),
            S("Evening Amble", "An after-work walk of about an hour through the town and along the beck, for people who can't make daytime groups. Hi-vis vests are provided in winter.", when="WE 18:30-19:30"),
            S("Woodland Walk", "A walk through Thornleigh Woods on earth paths, which can be uneven and muddy after rain. Roughly 90 minutes, with a stop for a flask of tea."),
            S("Dog Walkers' Club", "Bring your dog, or come without one and enjoy the company. A sociable hour round the fields at an easy pace."),
            S("Memory Lane Walk", "A walk through the old streets of Millbrook with time to share memories of the shops, mills and pubs that used to be there. Suits people living with dementia and their companions.", also=("memory",)),
        ),
    ),
    _kind(
        "exercise",
        "Exercise and sport",
        "Classes, clubs and sports for getting more active at any age or fitness.",
        days="MO TU WE TH FR SA",
        times=("10:00-11:00", "11:00-12:00", "14:00-15:00", "18:00-19:00", "19:00-20:00"),
        costs=(
            (
                ("Per session", 3.5, "£3.50 a session"),
                ("Concessions", 2.0, "£2 for people on benefits or over 65"),
            ),
            (("Per session", 4.0, "£4 a class; your first class is free"),),
            (("Per session", 2.5, "£2.50 including a drink afterwards"),),
            (("Per session", 3.0, "£3 a session, pay on the day"),),
            FREE,
        ),
        titles=("Instructor", "Session leader", "Club secretary", "Community sport officer"),
        extras=(
            "Wear comfortable clothes and bring a bottle of water.",
            "The instructor will ask about any health conditions first, and adapt things to suit.",
            "Most people come along on their own, and the group is welcoming to beginners.",
            "Changing rooms and lockers are available.",
            "It's about having fun and feeling better, not about being sporty.",
        ),
        offerings=(
            S("Walking Football", "Football without the running: no tackling, no heading and no contact, so it suits people of any fitness. Mixed teams and plenty of laughter.", ages=(50, None)),
            S("Gentle Yoga", "A slow, kind yoga class with lots of options for stiff joints. Mats are provided."),
            S("Tai Chi for Balance", "Slow, flowing movements that help with balance, posture and calm. People who have had a fall, or worry about falling, find it helps."),
            S("Aqua Fit", "Exercise in the warm teaching pool, where the water takes the weight off your joints. You don't need to swim; the pool is waist-deep.", cost=(("Per session", 4.2, "£4.20 including the pool"), ("Concessions", 2.8, "£2.80 with a leisure card"))),
            S("Walking Netball", "Netball at walking pace, for women who played at school and those who never have. Friendly, not competitive."),
            S("Ballroom for Beginners", "Learn the waltz, quickstep and cha-cha with a patient teacher. No partner needed; everyone swaps round.", when="TH 19:00-20:30"),
            S("Steady Steps Strength and Balance", "A 12-week programme of exercises to build leg strength and balance, led by a trained instructor. Suits people over 65 who are unsteady on their feet.", ages=(65, None), join="refer", cost=FREE),
            S("Bowls Taster Sessions", "Try flat green bowls with club members, who will show you the basics. Flat-soled shoes needed; bowls are lent.", when="SA 14:00-16:00", also=("social",)),
            S("Beginners' Running Group", "From walking to running 5 km over nine weeks, in a group that waits for everyone. The first sessions are mostly walking.", cost=FREE, when="TU 18:30-19:30"),
            S("Pedal Pals Led Rides", "Easy bike rides of 5 to 10 miles on quiet lanes and the canal path. Bikes, including an adapted trike, can be borrowed.", when="SU 10:00-12:00", cost=FREE),
            S("Gentle Latin Dance Fitness", "Dance fitness to Latin music at a lower intensity, for older adults and beginners. Every move can be done seated if needed."),
            S("Badminton Social", "Relaxed doubles badminton for adults of all levels. Rackets and shuttles are provided.", when="WE 19:00-21:00"),
            S("Table Tennis Drop-in", "Drop-in table tennis with four tables and friendly players who are happy to knock up with beginners."),
            S("Pilates for Back Care", "Gentle Pilates focusing on core strength and a healthy back. The instructor adapts moves for anyone with back pain.", join="book"),
            S("Women-only Swim", "A women-only session in the main pool with female lifeguards and screened windows. Lane swimming and a shallow end for learners.", when="SU 08:00-09:30", languages=("ur", "ar")),
            S("Walking Rugby", "Touch rugby at walking pace for men and women over 40. A great way to get fitter and make friends.", ages=(40, None)),
            S("Boxing Fitness for Over-50s", "Pad work, skipping and circuits without any sparring. Builds strength and confidence; gloves are provided.", ages=(50, None)),
        ),
    ),
    _kind(
        "chair-exercise",
        "Chair-based exercise",
        "Exercise done sitting down or holding a chair, for people with limited mobility.",
        days="MO TU WE TH FR",
        times=("10:00-11:00", "10:30-11:30", "11:00-12:00", "14:00-15:00"),
        ages=((50, None), (18, None), (60, None)),
        costs=(
            (("Per session", 2.0, "£2 including tea"),),
            (("Per session", 3.0, "£3 a session"),),
            (("Per session", 1.5, "£1.50, tea and biscuits included"),),
            FREE,
        ),
        titles=("Instructor", "Activities coordinator", "Exercise leader"),
        extras=(
            "Everything can be done from the chair, and you go at your own pace.",
            "The instructor is trained in exercise for older people and will ask about any health conditions.",
            "Carers and family members are welcome to join in.",
            "Regulars say the chat over tea afterwards is half the fun.",
        ),
        offerings=(
            S("Seated Strength", "Exercises done sitting down or holding the back of a chair, to build strength and keep joints moving. Suits people with limited mobility."),
            S("Chair Yoga", "Yoga without getting down on the floor: stretches and breathing done from a chair. Calming and gentle."),
            S("Move It While You Sit", "Half an hour of seated exercise to music, followed by tea and a chat. Plenty of regulars are in their eighties and nineties."),
            S("Armchair Aerobics", "Upbeat seated exercise to sixties and seventies music. It gets the heart going without any standing."),
            S("Chair-based Tai Chi", "Flowing tai chi movements done from a chair, good for shoulders, breathing and calm."),
            S("Seated Dance", "Dance moves from the chair to music from the shows. It's about fun as much as fitness."),
            S("Gentle Movement after Illness", "A small class for people getting going again after a hospital stay or a long illness, with a physiotherapy-trained instructor.", join="refer", cost=FREE),
            S("Chair Pilates", "Pilates from a chair, to improve posture and core strength. A good start for people who find floor work hard."),
            S("Lounge Exercise Club", "A weekly seated exercise class in the lounge at {venue}, open to residents and neighbours alike."),
            S("Chair Boccia", "A seated version of bowls with soft balls, played in teams. Inclusive and surprisingly competitive.", also=("social",)),
            S("Seated Exercise for Parkinson's", "Movement to music designed for people living with Parkinson's, with carers welcome to join in.", also=("conditions",)),
            S("Falls Prevention Class", "Seated and supported standing exercises to lower the risk of falls, with advice on getting up safely if you do fall.", join="refer"),
            S("Stretch and Natter", "Twenty minutes of gentle stretching from a chair, then a natter over tea and biscuits."),
            S("Seated Circuits", "A circuit of seated stations with light weights and bands, done at your own pace."),
        ),
    ),
    _kind(
        "befriending",
        "Befriending",
        "Regular friendly contact with a volunteer, at home, by phone or out and about.",
        days="MO TU WE TH FR",
        times=("09:00-17:00", "09:30-16:30", "10:00-16:00"),
        join="refer",
        titles=("Befriending coordinator", "Volunteer coordinator", "Project worker"),
        extras=(
            "Every volunteer is trained and DBS checked, and has support from the coordinator.",
            "We take time to match you with a volunteer who shares your interests.",
            "There is no time limit; some friendships last for years.",
            "The coordinator visits first to get to know you and what you would like.",
        ),
        offerings=(
            S("Telephone Befriending", "A volunteer rings you once a week for a chat at a time that suits you.", mode="phone", ages=(55, None)),
            S("Home Visiting Befrienders", "A trained volunteer visits you at home for an hour a week, to chat, play cards or go for a short walk together.", mode="home", ages=(60, None)),
            S("Out and About Buddies", "A volunteer goes with you to try a group, a café or the library, until you feel able to go on your own.", also=("social",)),
            S("{place} Good Neighbours", "Neighbours helping neighbours: a friendly visit, a lift to the shops, or help posting a parcel. Just ask.", mode="home"),
            S("Letter Friends", "Pen pals for people who like to write, matched by interest. Letters go through the office, so addresses stay private.", mode="phone"),
            S("Befriending for New Arrivals", "A local volunteer to help newcomers find their way around Millbrook: the doctor's, the buses, the market and places of worship.", languages=("ar", "ku", "fa", "uk")),
            S("Young at Heart Visits", "Students from Millbrook College visit older people for conversation and games during term time.", ages=(65, None), mode="home"),
            S("Sitting Service for Carers", "A volunteer sits with the person you care for so you can have a couple of hours off.", also=("carers",), mode="home"),
            S("Veterans' Befriending", "Volunteers who served themselves offer a friendly visit or call to ex-forces men and women.", mode="home"),
            S("Befriending in Your Language", "Befrienders who speak Urdu, Punjabi or Polish, for people who would rather chat in their own language.", languages=("ur", "pa", "pl"), mode="home"),
            S("Coming Home Support", "A few weeks of friendly calls and visits after you come home from hospital, to help you settle and get back to your usual routines.", mode="home"),
            S("Video Call Befriending", "A weekly video chat with a volunteer, with help setting up the tablet if you need it.", mode="online", also=("digital",)),
            S("Chat Bench", "Volunteers sit on the Chat Bench in the market square on weekday mornings. Sit down if you'd like a chat.", when="MO,TU,WE,TH,FR 10:00-12:00", join="drop"),
            S("Friendship Circles", "Small groups of four or five people matched by interest, who meet monthly at a café with a volunteer.", also=("social",)),
        ),
    ),
    _kind(
        "sheds",
        "Men's sheds and workshops",
        "Community workshops for making, mending and company; most are open to everyone.",
        days="MO TU WE TH FR SA",
        times=("09:30-12:30", "10:00-13:00", "13:00-16:00", "10:00-14:00"),
        costs=(
            (("Per visit", 2.0, "£2 a visit towards tea and materials"),),
            (("Membership", 10.0, "£10 a year, and a donation for materials"),),
            FREE_DONATIONS,
        ),
        titles=("Shed coordinator", "Workshop leader", "Chair"),
        extras=(
            "Safety glasses and aprons are provided, and someone shows you each machine before you use it.",
            "Come to make something, help someone else, or just have a brew and a chat.",
            "Plenty of members are retired tradespeople who are glad to pass on what they know.",
            "Women are welcome too.",
        ),
        offerings=(
            S("{place} Shed", "A workshop where people come together to make, mend and have a natter. Woodwork, small engines and bike repairs, with tools to share and the kettle always on."),
            S("Fix-it Café", "Bring a broken lamp, toaster, jumper or chair and fix it with help from volunteer menders. Free, and you learn something along the way.", cost=FREE_DONATIONS, when="2SA 10:00-13:00"),
            S("Woodturning Sessions", "Turn bowls, pens and candlesticks on the shed's lathes with an experienced turner beside you."),
            S("Bike Workshop", "Learn to fix punctures, brakes and gears, or help do up donated bikes for people who need one."),
            S("Shed Open Morning", "An open morning in the workshop: come and see what goes on, have a brew, and try your hand at something.", when="* 10:00-12:00"),
            S("Model Railway Club", "Members build and run a big layout in the back room. Newcomers help with scenery, wiring or just the tea.", when="TH 19:00-21:30"),
            S("Women's Workshop", "A workshop session for women who want to learn DIY, woodwork and basic tool skills in a relaxed setting."),
            S("Mend and Make", "Turning old furniture into something useful, from planters to bird boxes for the community garden and local schools."),
            S("Metalwork Taster", "Supervised metalwork for beginners, making small things like brackets and garden sculptures. All safety kit is provided.", join="book"),
            S("Clock and Watch Menders", "A small group who take apart, clean and mend old clocks and watches. Patient hands matter more than experience."),
            S("Benches and Planters Project", "Making benches and planters for parks and care homes in Millbrook, from reclaimed wood.", also=("volunteering",)),
            S("Radio and Electronics Club", "Tinkering with old radios, amplifiers and circuit boards. Some members are retired engineers, happy to teach."),
        ),
    ),
    _kind(
        "arts",
        "Choirs, music and arts",
        "Singing, music, crafts, writing and art groups.",
        days="MO TU WE TH FR SA",
        times=("10:00-12:00", "13:30-15:30", "14:00-16:00", "19:00-21:00", "19:30-21:00"),
        costs=(
            (("Per session", 3.0, "£3 a session including materials"),),
            (
                ("Per term", 30.0, "£30 for a ten-week term"),
                ("Concessions", 15.0, "£15 a term for people on benefits"),
            ),
            (("Per session", 2.0, "£2 towards tea and the room"),),
            FREE,
        ),
        titles=("Group leader", "Musical director", "Tutor", "Organiser"),
        extras=(
            "No experience is needed; everyone started somewhere.",
            "Materials are provided, so you don't need to buy anything to start.",
            "There's a break halfway for tea and biscuits.",
            "People of all ages come, from their twenties to their nineties.",
            "It's relaxed and friendly, and nobody minds a mistake.",
        ),
        offerings=(
            S("{place} Community Choir", "A friendly choir singing everything from pop to folk and gospel. No auditions and no need to read music; you learn by ear.", when="WE 19:00-21:00"),
            S("Singing for Wellbeing", "An hour of warm-ups and easy songs in a relaxed group. Singing together lifts the mood and helps breathing.", also=("mental-health",)),
            S("Knit and Natter", "Bring your knitting, crochet or sewing, or learn from scratch with spare needles and wool. The tea and chat matter as much as the stitches.", also=("social",), cost=FREE_DONATIONS),
            S("Watercolour for Beginners", "Learn to paint with watercolours, step by step. Materials are provided for the first few weeks.", join="book"),
            S("Creative Writing Group", "Short writing exercises, a chance to share your work if you want to, and kind feedback. Poetry, memoir and stories all welcome."),
            S("Ukulele Strummers", "Learn a few chords and sing along. Loan ukuleles are available."),
            S("Pottery Drop-in", "Hand-building with clay: pinch pots, coil pots and tiles. Pieces are fired and ready to take home a fortnight later.", cost=(("Per session", 6.0, "£6 including clay and firing"),)),
            S("Drama Group", "Improvisation games and short scenes that build confidence, with no pressure to perform unless you want to."),
            S("Book Group", "A book a month, chosen by the group and talked over with coffee. Large print and audio copies can be ordered.", cost=FREE),
            S("Art for Wellbeing", "A gentle art session for people whose mental health has been difficult. No skill needed; it's about the doing, not the result.", also=("mental-health",), join="refer", cost=FREE),
            S("Sewing Circle", "Dressmaking, alterations and patchwork, with sewing machines to share. Beginners welcome."),
            S("Drumming Circle", "Join in with hand drums and percussion. Rhythm is catching, and nobody minds a missed beat."),
            S("Tea Dance", "A traditional afternoon tea dance with a live organist, sandwiches and cake. Come to dance or just to listen.", also=("social",), when="1WE 14:00-16:00", cost=(("Entry", 4.0, "£4 including tea and cake"),)),
            S("Family History Club", "Help tracing your family tree, using the library's free access to census and parish records.", cost=FREE),
            S("Brass Band Learners", "Learn a brass instrument from scratch with the band's training section. Instruments are lent.", when="MO 18:30-19:30"),
            S("Photography Club", "Monthly challenges, tips on phone and camera photography, and an exhibition at the library each year."),
            S("Craft Café", "A different craft each week: card making, mosaics, wreaths and more. All materials included.", also=("social",)),
            S("Open Mic Night", "A warm, supportive evening of music, poetry and comedy. Sign up on the night, or just come to listen.", when="-1FR 19:30-22:00", cost=FREE),
            S("Drawing for Beginners", "Learn to draw from simple objects, with a tutor showing the basics of line, shading and perspective.", join="book"),
            S("Folk Session", "An informal session of folk tunes and songs in the back room. Bring an instrument, or just come to listen.", when="3TU 20:00-22:00", cost=FREE),
            S("Poetry Café", "Read a favourite poem or one of your own, or just listen, over coffee.", when="1TH 19:00-20:30"),
            S("Mosaic Workshop", "Make a mosaic stepping stone or coaster from broken tiles and china.", cost=(("Per workshop", 5.0, "£5 including materials"),), join="book"),
            S("Handbell Ringers", "Learn to ring handbells in a small, patient group. Most people are playing a tune by the end of their first session."),
        ),
    ),
    _kind(
        "gardening",
        "Gardening and green spaces",
        "Community gardens, allotments, conservation and time outdoors.",
        days="MO TU WE TH FR SA",
        times=("10:00-13:00", "10:00-12:00", "13:00-15:30", "09:30-12:30"),
        costs=(FREE, FREE, (("Per session", 1.0, "£1 towards tea and seeds"),)),
        titles=("Garden coordinator", "Volunteer leader", "Project worker", "Site secretary"),
        extras=(
            "Gloves, tools and tea are provided; wear old clothes and sturdy footwear.",
            "Do as much or as little as you like: some people dig, some sow seeds, some sit and chat.",
            "There is a sheltered area and a toilet on site.",
            "Sessions run through the winter, with indoor jobs when the weather is bad.",
        ),
        offerings=(
            S("Community Garden Volunteering", "Help grow fruit and vegetables in the community garden, with raised beds for anyone who can't bend. Take home a share of the harvest.", also=("volunteering",)),
            S("Allotment Starter Plots", "Small half-plots for beginners, with a mentor from the allotment society to help you through the first year.", cost=(("Rent", 15.0, "£15 a year for a half-plot"),), join="book"),
            S("Therapeutic Gardening", "A small, supported group growing flowers and vegetables, for people recovering from illness or living with anxiety or depression.", also=("mental-health",), join="refer"),
            S("Woodland Work Party", "Outdoor tasks like path clearing, hedge laying and tree planting in Thornleigh Woods. Tools, gloves and training are provided.", also=("volunteering",)),
            S("Grow Your Own Course", "An eight-week course on growing vegetables in small spaces: pots, window boxes and balconies.", join="book"),
            S("Sensory Garden Sessions", "Gentle time in the sensory garden at {venue}, with scented plants and raised beds at wheelchair height."),
            S("Orchard Friends", "Looking after the community orchard: pruning, picking, and pressing apples for juice in the autumn."),
            S("Seed Swap and Potting Morning", "Bring seeds and cuttings to swap, pot up plants to take home, and pick up tips from experienced growers.", when="1SA 10:00-12:00"),
            S("Park Gardening Volunteers", "Weeding, planting and tidying the flower beds in Brookside Park alongside the park keeper.", also=("volunteering",)),
            S("Garden Share", "Matches people who have a garden they can't manage with people who would love somewhere to grow.", join="refer"),
            S("Wildflower Meadow Group", "Creating and caring for wildflower meadows on spare land around Millbrook, and counting the bees and butterflies."),
            S("Kitchen Garden Cookery", "Pick vegetables from the garden, then cook and eat them together for lunch.", also=("weight",), when="* 10:00-13:00"),
            S("Grow and Talk", "A gardening group for men who would like some company and fresh air. Tea is brewed on the camping stove.", also=("mental-health",)),
            S("Hanging Basket Workshop", "Plant up a hanging basket or tub for your front door, with plants and compost included.", cost=(("Per basket", 8.0, "£8 including plants and compost"),), join="book"),
            S("Forest School for Adults", "Fire-lighting, shelter-building and woodland crafts for adults, led by a qualified forest school leader."),
        ),
    ),
    _kind(
        "food",
        "Food banks and pantries",
        "Emergency food, low-cost pantries, community meals and help with fuel.",
        days="MO TU WE TH FR SA",
        times=("10:00-12:00", "12:00-14:00", "13:00-15:00", "17:00-19:00"),
        ages=((None, None),),
        costs=(FREE,),
        other_languages=0.45,
        titles=("Food bank manager", "Centre coordinator", "Volunteer lead", "Project manager"),
        extras=(
            "Everything is confidential, and nobody will judge you.",
            "Tell us about any allergies, dietary needs or a lack of cooking facilities, and we'll do our best.",
            "Volunteers can also point you to help with bills, benefits and debts.",
            "If you can't get here, ring and we'll see what we can arrange.",
        ),
        offerings=(
            S("{place} Food Bank", "Emergency food parcels for people in crisis, with a warm drink and a chat while you wait. Bring a voucher from a link worker, GP, advice service or school if you have one; if not, come anyway and we will help.", join="refer"),
            S("Community Pantry", "A membership food pantry: pay £4.50 a week and choose ten or more items worth much more, including fresh fruit and veg.", cost=(("Weekly shop", 4.5, "£4.50 a week for ten or more items"),)),
            S("Community Fridge", "Surplus food from local shops and supermarkets, free to anyone. Just turn up; no questions asked."),
            S("Pay As You Feel Café", "A café serving hot meals made from surplus food. Pay what you can afford, or help out in the kitchen instead.", cost=(("Pay as you feel", 0.0, "Pay what you can, or nothing at all"),), also=("social",)),
            S("Free Breakfast Club", "A free breakfast of cereal, toast and a hot drink for anyone, served in a friendly room with the papers.", when="MO,WE,FR 08:30-10:00", also=("social",)),
            S("Community Supper", "A free two-course evening meal, cooked by volunteers and eaten together around big tables.", when="TH 17:30-19:00", also=("social",)),
            S("Holiday Lunch Club", "Free lunches and activities for children during school holidays, with a food bag for the family to take home.", ages=(5, 16), also=("parents",), when="* 11:00-14:00"),
            S("Baby Bank", "Free baby clothes, nappies, prams and cots for families who need them, given in confidence.", also=("parents",), join="refer"),
            S("Fuel Bank Vouchers", "Emergency prepayment meter top-ups for households who can't afford to heat their home, given alongside a food parcel.", also=("money",), join="refer"),
            S("Halal Food Parcels", "Emergency food parcels with halal meat and foods suited to South Asian and Middle Eastern cooking.", languages=("ur", "pa", "ar")),
            S("Food Parcels for Housebound People", "Volunteers deliver food parcels to people who can't get out, with a chat at the door.", mode="home", join="refer"),
            S("Warm Space and Soup", "A warm room with free soup, bread and hot drinks through the winter months. Stay as long as you like.", also=("social",), when="* 11:00-15:00"),
            S("Fresh Veg Stall", "Fresh fruit and vegetables from local growers and supermarkets, free or for a few pence."),
            S("Cook and Share", "Cook a simple meal with others using food bank ingredients, then sit down and eat it together.", also=("weight",)),
            S("Food Bank Advice Table", "Alongside the food bank, advisers help with benefits, debts and energy bills, so the next crisis is less likely.", also=("money",)),
        ),
    ),
    _kind(
        "money",
        "Debt and benefits advice",
        "Free, confidential advice on benefits, debts, bills and budgeting.",
        days="MO TU WE TH FR",
        times=("09:30-12:30", "10:00-13:00", "13:30-16:00", "09:00-16:30"),
        join="book",
        other_languages=0.35,
        titles=(
            "Money adviser",
            "Welfare rights adviser",
            "Debt adviser",
            "Advice services manager",
        ),
        extras=(
            "Bring any letters, bills and bank statements you have; don't worry if they're in a muddle.",
            "The advice is free, confidential and independent, and we won't judge you.",
            "Interpreters can be booked for appointments; just say when you ring.",
            "If you have a deadline or a court date, tell us when you ring so we can see you quickly.",
        ),
        offerings=(
            S("Money Advice Drop-in", "Free, confidential help with debts, bills and money worries. An adviser looks at everything with you and explains your options in plain English.", join="drop"),
            S("Benefits Check", "A full check of the benefits you could be entitled to, with help to fill in the forms. Many people find they are missing out."),
            S("Disability Benefit Form Help", "Help with the long forms for Personal Independence Payment and Attendance Allowance, including describing your needs in your own words."),
            S("Universal Credit Help", "Help to make a claim, keep your journal up to date and sort out problems with payments."),
            S("Debt Advice Appointments", "Longer appointments with a qualified debt adviser, who can talk to creditors for you and help set up a plan you can afford."),
            S("Energy Bill Help", "Help with energy debt, tariffs, grants for boilers and insulation, and the Warm Home Discount.", also=("housing",)),
            S("Benefit Appeals Support", "Help to challenge a benefit decision, from asking for a mandatory reconsideration to preparing for a tribunal."),
            S("Credit Union Savings and Loans", "Save a little each week and borrow at a fair rate instead of using doorstep lenders. Accounts can be opened at the counter.", join="drop", when="MO,TU,TH,FR 10:00-15:00"),
            S("Budgeting Course", "A short, friendly course to help money go further: budgets, bills, shopping and avoiding debt traps."),
            S("Money Advice Phone Line", "A phone line for quick money questions, with a call back from an adviser within two working days if it's complicated.", mode="phone", when="MO,TU,WE,TH,FR 09:00-17:00", join="drop"),
            S("Pension Credit Check", "Help for older people to claim Pension Credit and the extra help it opens up, such as Council Tax Reduction.", ages=(66, None)),
            S("Council Tax Help", "Advice on council tax arrears, discounts and exemptions, and help to apply for Council Tax Reduction."),
            S("Home Visits for Benefits Advice", "An adviser can visit you at home if you can't get out, to help with benefits and forms.", mode="home", join="refer"),
            S("Money Advice for Carers", "Advice on Carer's Allowance and the other money that carers, and the people they look after, can claim.", also=("carers",)),
            S("Bailiff and Court Letter Help", "Urgent help if you've had a letter about bailiffs, a county court judgment or a court hearing about debt."),
            S("Money Advice in Urdu and Punjabi", "Benefits and debt advice in Urdu or Punjabi from advisers who live locally.", languages=("ur", "pa")),
        ),
    ),
    _kind(
        "housing",
        "Housing advice",
        "Help to find or keep a home, deal with landlords, repairs and adaptations.",
        days="MO TU WE TH FR",
        times=("09:30-12:30", "10:00-13:00", "13:30-16:30", "09:00-17:00"),
        join="book",
        other_languages=0.25,
        titles=(
            "Housing adviser",
            "Tenancy support worker",
            "Housing options officer",
            "Caseworker",
        ),
        extras=(
            "If you have a notice to leave or a court date, bring it with you or mention it when you ring.",
            "The advice is free and confidential.",
            "Advisers can help you write to your landlord or the council.",
            "Evening phone appointments can be arranged for people who work.",
        ),
        offerings=(
            S("Housing Advice Drop-in", "Free advice if you're worried about losing your home, struggling with rent, or having problems with a landlord.", join="drop"),
            S("Homelessness Prevention Team", "Help if you're homeless or about to be, including emergency accommodation and a plan to find somewhere settled.", when="MO,TU,WE,TH,FR 09:00-17:00", join="drop"),
            S("Tenancy Support", "A support worker helps you keep your tenancy: budgeting, paperwork, repairs and getting on with neighbours.", join="refer", mode="home"),
            S("Private Renters' Advice", "Advice on deposits, disrepair, rent increases and eviction notices for people renting privately."),
            S("Damp and Repairs Help", "Help to get damp, mould and repairs sorted, including letters to your landlord and contacting environmental health."),
            S("Furniture Reuse Scheme", "Good second-hand furniture and white goods at low prices, with free items for people referred by a support worker.", cost=(("Low cost", 5.0, "Items from £5; free with a referral"),), join="drop"),
            S("Home Adaptations Advice", "Advice on grab rails, stairlifts, level showers and the grants that can help you stay safe at home."),
            S("Warm Homes Advice", "Help to make your home warmer and cheaper to heat, from draught-proofing to grants for insulation.", also=("money",)),
            S("Housing Register Help", "Help to join the housing register, bid for properties and understand your banding."),
            S("Tenants' and Residents' Meeting", "A monthly meeting for council and housing association tenants to raise repairs and estate issues together.", when="2TU 18:30-20:00", join="drop"),
            S("Supported Housing Advice", "Advice for people looking for sheltered, extra care or supported housing, including visits to schemes."),
            S("Handyperson Service", "Small repairs and safety jobs at home for older and disabled people, like fitting smoke alarms, key safes and grab rails.", mode="home", cost=(("Labour", 0.0, "Labour free for people over 65 or disabled; you pay for materials"),)),
            S("Moving On Support", "Practical help for people leaving hostels or hospital to set up a new home, from utilities to getting a bed.", join="refer"),
            S("Housing Law Clinic", "Free legal advice from a housing solicitor on possession claims and serious disrepair.", when="2TH 17:30-19:30"),
            S("Hoarding Support Group", "A supportive group for people who find it hard to let go of things, and for their families.", also=("mental-health",), when="2MO 18:30-20:00"),
            S("Refugee Housing Help", "Help for refugees to find a home, sort out tenancy paperwork and settle in after leaving asylum accommodation.", languages=("ar", "ku", "fa", "ti")),
        ),
    ),
    _kind(
        "carers",
        "Carers' support",
        "Support, breaks and advice for unpaid carers of family or friends.",
        days="MO TU WE TH FR",
        times=("10:00-12:00", "13:00-15:00", "10:30-12:30", "18:00-19:30"),
        join="drop",
        titles=("Carers' support worker", "Carers' centre manager", "Group facilitator"),
        extras=(
            "If you look after someone and couldn't manage without it being you, you are a carer, even if you don't call yourself one.",
            "Staff can help with a carer's assessment and with planning for emergencies.",
            "If you can't leave the person you care for, ring and we'll talk about a sitter.",
            "Everything shared in the group stays in the group.",
        ),
        offerings=(
            S("Carers' Drop-in", "Time out for unpaid carers, with a cuppa, a chat and information about the help available. Come on your own or bring the person you look after."),
            S("Carers' Assessment Help", "Help to ask the council for a carer's assessment, and to get ready for it.", join="book"),
            S("Young Carers' Club", "Fun activities and a break from caring for children and young people who look after someone at home.", ages=(8, 17), when="TU 16:00-18:00", join="refer"),
            S("Young Adult Carers' Group", "A group for carers aged 16 to 25 to share experiences, have a break, and get support with college or work.", ages=(16, 25), when="TH 17:00-19:00"),
            S("Carers' Pamper Afternoon", "An afternoon of hand massage, hairdressing and relaxation for carers, while volunteers look after the person you care for.", when="-1WE 13:00-16:00", join="book"),
            S("Parent Carers' Coffee Morning", "For parents and carers of disabled children, to meet others who understand and share tips on services, schools and benefits.", also=("parents",), when="* 10:00-11:30"),
            S("Carers' Emergency Plan", "Register a plan for the person you care for, so help is arranged if something happens to you.", join="book"),
            S("Dementia Carers' Group", "Support and information for people caring for someone living with dementia, with talks from local professionals.", also=("memory",)),
            S("Carers' Walk", "A gentle monthly walk for carers, with coffee after. Fresh air and company with people who understand.", also=("walking",), when="1FR 10:00-11:30"),
            S("Carers' Counselling", "Up to eight free sessions with a counsellor for unpaid carers who are finding things hard.", join="refer"),
            S("Male Carers' Breakfast", "A relaxed group for men who care for a partner, parent or child, meeting over breakfast.", when="2SA 09:30-11:00"),
            S("Carers' Phone Support", "A phone line for carers to talk things through and find out about respite, benefits and support.", mode="phone", when="MO,TU,WE,TH,FR 09:00-17:00"),
            S("Caring and Working Advice", "Help for carers juggling a job, including flexible working rights and how to talk to your employer.", join="book"),
            S("Carers' Wellbeing Course", "A six-week course on looking after yourself as a carer: sleep, stress, and making time for you.", join="book"),
        ),
    ),
    _kind(
        "bereavement",
        "Bereavement support",
        "Support after someone has died: groups, cafés, counselling and practical help.",
        days="MO TU WE TH FR",
        times=("10:00-12:00", "14:00-16:00", "18:30-20:00"),
        join="refer",
        titles=("Bereavement coordinator", "Counsellor", "Group facilitator", "Volunteer lead"),
        extras=(
            "There is no right or wrong way to grieve, and no time limit on needing support.",
            "Volunteers are trained in bereavement support and have regular supervision.",
            "You can come whether the death was recent or many years ago.",
            "You don't have to talk; many people just listen at first.",
        ),
        offerings=(
            S("Bereavement Café", "A relaxed space to talk with others who have lost someone, over tea and cake. Come as often as you need.", join="drop", when="1TU 14:00-16:00"),
            S("One-to-one Bereavement Support", "Regular sessions with a trained bereavement volunteer, by phone or face to face."),
            S("Walking Through Grief", "A gentle walk with others who are grieving. Sometimes it's easier to talk side by side.", also=("walking",), join="drop"),
            S("Bereaved by Suicide Group", "A safe, confidential group for people who have lost someone to suicide, run by people who have been there.", when="2WE 18:30-20:00"),
            S("Children's Bereavement Support", "Support for children and young people after a death in the family, with help for parents too.", ages=(5, 18)),
            S("Widows' and Widowers' Social", "A monthly social for people who have lost a partner, with outings and meals together.", also=("social",), join="drop", when="3TH 12:00-14:30"),
            S("Baby Loss Support Group", "Support for parents who have lost a baby at any stage of pregnancy or after birth.", when="-1MO 19:00-20:30"),
            S("Bereavement Counselling", "Counselling with a qualified bereavement counsellor, up to ten sessions."),
            S("Remembering Together Course", "A course of six sessions that helps with the practical and emotional side of losing someone.", join="book"),
            S("Memory Box Workshop", "Make a memory box or book for someone you have lost, with materials provided and gentle support.", also=("arts",), join="book"),
            S("Practical Help after a Death", "Help with the paperwork after someone dies: registering the death, benefits, tenancies and bills.", also=("money",), join="book"),
            S("Evening Bereavement Group", "An evening group for people who work during the day, meeting fortnightly.", when="TU/2 18:30-20:00"),
        ),
    ),
    _kind(
        "mental-health",
        "Mental health peer support",
        "Groups and courses run with people who have lived experience of mental ill health.",
        days="MO TU WE TH FR SA",
        times=("10:30-12:00", "13:30-15:00", "18:00-19:30", "19:00-20:30"),
        titles=("Peer support worker", "Group facilitator", "Wellbeing worker", "Project lead"),
        extras=(
            "You don't need a diagnosis or a referral to come.",
            "Groups are small, and you can share as much or as little as you like.",
            "If you are in crisis, ring NHS 111 and choose the mental health option, or 999 in an emergency.",
            "The first time can feel daunting; a facilitator will meet you at the door.",
            "Everything said in the group stays in the group, unless someone is at risk.",
        ),
        offerings=(
            S("Peer Support Group", "A group run by people with their own experience of mental ill health. Share as much or as little as you like; nobody will push you."),
            S("Anxiety Support Group", "Meet others who live with anxiety and panic, and swap ways of coping that work in real life."),
            S("Men's Talking Group", "A place for men to talk about what's on their mind, or just listen. No judgement and no need to book.", ages=(18, None), when="MO 19:00-21:00"),
            S("Wellbeing Courses", "Free short courses on sleep, managing worry and building confidence, taught with people who have lived experience.", join="book"),
            S("Evening Crisis Café", "An evening drop-in for people who feel they are reaching crisis point, staffed by mental health workers and peer supporters.", when="MO,TU,WE,TH,FR,SA,SU 18:00-23:00"),
            S("Bipolar Peer Group", "Peer support for people living with bipolar disorder, with a relaxed mix of talking and social time.", when="2TH 18:30-20:30"),
            S("Postnatal Wellbeing Group", "For mums and dads struggling with their mood after having a baby. Babies are welcome.", also=("parents",)),
            S("Mindful Moments", "A short guided session of breathing and mindfulness, then a cuppa. It helps when your head is busy."),
            S("LGBTQ+ Peer Support", "A friendly peer support group for lesbian, gay, bisexual, trans and queer people to talk and connect."),
            S("Young People's Wellbeing Group", "A group for 16 to 25 year olds who are struggling with low mood, anxiety or feeling alone.", ages=(16, 25)),
            S("Wellbeing Drop-in", "Drop in for a chat with a wellbeing worker about how you're feeling and what might help."),
            S("Eating Difficulties Support", "A peer group for adults with eating difficulties, and a separate session for families.", join="refer"),
            S("Online Peer Support", "A weekly video group for people who find it hard to get out, with a moderated chat room between meetings.", mode="online"),
            S("Confidence Building Course", "A six-week course to help rebuild confidence after a hard time, with small, practical steps each week.", join="book"),
            S("OCD Support Group", "Monthly peer support for people affected by OCD, and their families.", when="1WE 19:00-20:30"),
            S("Veterans' Wellbeing Group", "A group for ex-forces men and women to talk, get support and meet others who understand."),
        ),
    ),
    _kind(
        "digital",
        "Digital skills",
        "Help with phones, tablets, computers and getting things done online.",
        days="MO TU WE TH FR SA",
        times=("10:00-12:00", "13:30-15:30", "14:00-16:00", "10:30-12:30"),
        titles=(
            "Digital champion",
            "Learning coordinator",
            "Library officer",
            "Volunteer coordinator",
        ),
        extras=(
            "Volunteers are patient and never rush; no question is too basic.",
            "Bring your own device and charger if you have one, or use ours.",
            "Volunteers will never ask for your passwords or bank details.",
            "Free Wi-Fi is available.",
        ),
        offerings=(
            S("{place} Digital Drop-in", "Bring your phone, tablet or laptop and get help from a patient volunteer: email, video calls, online shopping, whatever you need."),
            S("Computers for Complete Beginners", "A six-week course for people who have never used a computer, starting with the mouse and keyboard.", join="book"),
            S("NHS App Help", "Help setting up and using the NHS App: booking appointments, ordering repeat prescriptions and seeing your record."),
            S("Tablet Lending Scheme", "Borrow a tablet with data for three months, with weekly support to learn how to use it.", join="refer"),
            S("Staying Safe Online", "A friendly session on spotting scams, strong passwords and shopping safely online.", when="2TH 14:00-15:30"),
            S("Smartphone Basics", "Learn the basics of your smartphone: calls, texts, photos, messaging and video calls with family."),
            S("Online Forms Help", "Help with online forms for jobs, housing, Blue Badges and benefits, on the library's computers."),
            S("Family Video Call Help", "Get set up for video calls with family far away, with a volunteer until you're confident."),
            S("Digital Skills for Work", "Build the computer skills employers ask for: email, documents, spreadsheets and job sites.", join="book"),
            S("Tech and Tea", "Tea, cake and tech help in one afternoon. Bring your questions and your device.", also=("social",), when="* 14:00-16:00"),
            S("Assistive Technology Advice", "Try devices and settings that make technology easier for people with sight, hearing or memory difficulties.", join="book"),
            S("Online Banking Help", "Learn to use your bank's app or website safely, with a volunteer who will never ask for your passwords."),
            S("Digital Buddies at Home", "A volunteer visits you at home to help with your devices, for people who can't get out.", mode="home", join="refer"),
            S("Photo Sorting Help", "Help to sort and back up the photos on your phone, and to print some or make a photo book for the family."),
            S("Online Shopping Made Easy", "Learn to order your shopping online, book delivery slots and pay safely."),
        ),
    ),
    _kind(
        "esol",
        "English classes (ESOL)",
        "English for speakers of other languages, from first words to English for work.",
        days="MO TU WE TH FR",
        times=("09:30-11:30", "10:00-12:00", "13:00-15:00", "18:00-20:00"),
        ages=((16, None), (19, None)),
        costs=(
            FREE,
            FREE,
            (
                ("Free with benefits", 0.0, "Free for people on benefits or seeking asylum"),
                ("Standard fee", 45.0, "£45 a term for others"),
            ),
        ),
        join="book",
        other_languages=0.85,
        titles=("ESOL tutor", "Learning coordinator", "Course administrator"),
        extras=(
            "A short, friendly chat first finds the right level for you.",
            "Classes are small, and tutors are used to mixed groups from many countries.",
            "Bus fares can be paid for learners on benefits; ask at enrolment.",
            "You can join at any point in the year if there is space.",
        ),
        offerings=(
            S("ESOL Beginners", "English classes for adults new to the language, focused on everyday speaking and listening: shops, doctors, schools and buses."),
            S("English Conversation Café", "Practise your English over tea with friendly volunteers. All levels welcome, and no booking needed.", join="drop", also=("social",)),
            S("ESOL Entry Levels 2 and 3", "English classes with a qualification, building reading, writing and speaking, with a free assessment to find your level."),
            S("English for Work", "English for job interviews, the workplace and filling in applications."),
            S("Women's English Class", "A women-only English class with a crèche, in a relaxed setting."),
            S("Reading and Writing for Adults", "Help with reading and writing English for adults who missed out at school or are learning in a new language."),
            S("English through Cooking", "Learn English while cooking and sharing food from around the world.", also=("weight",)),
            S("Life in the UK Test Practice", "Practice questions and plain explanations for the Life in the UK test, in a friendly group."),
            S("Online English Class", "English lessons by video call for people who can't get to a class, with a loan tablet if needed.", mode="online"),
            S("English for Parents", "The English you need to talk to teachers, read school letters and help with homework.", also=("parents",)),
            S("Pre-entry English", "A very first class for people with little or no English, or who are new to reading and writing."),
            S("English Conversation Walk", "Practise English on a gentle walk with volunteers, learning the names of places and things as you go.", also=("walking",), join="drop"),
            S("Family English Club", "Parents and children learn English together through games, stories and songs.", ages=(None, None), when="SA 10:00-11:30"),
        ),
    ),
    _kind(
        "volunteering",
        "Volunteering",
        "Ways to give time, learn skills and meet people by volunteering.",
        days="MO TU WE TH FR SA",
        times=("10:00-13:00", "09:30-12:30", "13:00-16:00", "10:00-16:00"),
        ages=((16, None), (18, None)),
        join="book",
        titles=("Volunteer coordinator", "Volunteering officer", "Team leader"),
        extras=(
            "Training is given, and travel expenses are paid.",
            "Give as much or as little time as suits you.",
            "Volunteering is a good way to build confidence and something to put on a CV.",
            "You'll be matched with an experienced volunteer for your first few sessions.",
        ),
        offerings=(
            S("Volunteer Matching", "Meet an adviser to talk about what you enjoy and find a volunteering role that fits your time and interests."),
            S("Volunteering Taster Days", "Try volunteering for a day at a food bank, a garden or a charity shop, with no commitment."),
            S("Supported Volunteering", "Volunteering with extra support for people with learning disabilities, mental health needs or low confidence.", join="refer"),
            S("Charity Shop Volunteers", "Sort donations, price items and serve customers in the charity shop on the high street."),
            S("Litter Pick Crew", "A friendly monthly litter pick around Millbrook; grabbers, bags and hi-vis are provided.", when="-1SA 10:00-12:00", join="drop"),
            S("Community Transport Drivers", "Drive the minibus or your own car to take people to appointments and groups. Mileage is paid.", ages=(21, 80)),
            S("Ward Companions", "Chat with patients, help at mealtimes and make the ward a friendlier place."),
            S("Canal Restoration Volunteers", "Help restore the old canal locks and towpath, from clearing vegetation to stonework.", when="SU 09:30-15:00"),
            S("Talking Newspaper Readers", "Read local news aloud for recordings sent to people with sight loss. Training is given."),
            S("Mill Museum Volunteers", "Help at the mill museum: guiding visitors, cataloguing photos and running the tea room."),
            S("Youth Mentors", "Mentor a young person once a week, helping with confidence, school and plans for the future.", ages=(21, None)),
            S("Event Volunteers", "Help at community events through the year: the gala, the bonfire and the Christmas market."),
            S("Befriending Volunteers", "Become a befriender: visit or phone an older person who is on their own for an hour a week.", also=("befriending",)),
            S("Food Bank Volunteers", "Sort donations, pack parcels and welcome visitors at the food bank.", also=("food",)),
            S("Garden Volunteers for Older Neighbours", "Help older neighbours keep their gardens tidy, mowing, weeding and trimming hedges in a friendly team.", also=("gardening",)),
            S("Tea Bar Volunteers", "Serve tea and cake at the tea bar and chat with visitors; a good first volunteering role."),
            S("Walk Leader Training", "Train to lead health walks: a short course, then leading walks alongside an experienced leader until you are ready.", also=("walking",)),
        ),
    ),
    _kind(
        "parents",
        "Parent groups",
        "Groups for parents and carers of babies and children, and for parents-to-be.",
        days="MO TU WE TH FR SA",
        times=("09:30-11:00", "10:00-11:30", "13:30-15:00", "10:00-12:00"),
        ages=((16, None), (None, None)),
        costs=(
            (("Per family", 1.0, "£1 a family, snacks included"),),
            (("Per child", 1.5, "£1.50 a child"),),
            FREE,
            FREE,
        ),
        other_languages=0.3,
        titles=("Family support worker", "Group leader", "Health visitor", "Early years worker"),
        extras=(
            "Mums, dads, grandparents and other carers are all welcome.",
            "There's space for prams and buggies, and a baby changing area.",
            "Staff can tell you about other help for families, from health visitors to benefits.",
            "It's fine to come in your pyjamas if that's what it takes to get out of the house.",
        ),
        offerings=(
            S("{place} Parent and Toddler Group", "Play, songs and snacks for under-fives, and a cuppa for parents and carers. Toys, messy play and a friendly welcome."),
            S("Baby Massage Course", "A five-week course on baby massage: a lovely way to bond and help your baby settle.", join="book"),
            S("Rhyme Time", "Half an hour of songs and rhymes for babies and toddlers with their grown-ups.", cost=FREE),
            S("Dads' Club", "Saturday morning play for dads, male carers and their children, with bacon butties.", when="SA 09:30-11:30"),
            S("Bumps and Babies", "A relaxed group for parents-to-be and parents of babies under one, with a health visitor on hand.", cost=FREE),
            S("Feeding Café", "Support and a friendly chat with trained peer supporters and other parents, however you feed your baby.", cost=FREE),
            S("Stay and Play", "Free play sessions with messy play, music and outdoor toys.", cost=FREE),
            S("Young Parents' Group", "A group for parents under 25 to meet others, get support and have fun with their children.", ages=(14, 25)),
            S("Parents of Teenagers Group", "A chance to share the ups and downs of raising teenagers, with advice from family support workers.", when="WE 18:30-20:00"),
            S("Twins and Multiples Group", "For families with twins, triplets or more, to share tips and swap equipment.", when="1SA 10:00-12:00"),
            S("Family Cooking Sessions", "Cook cheap, healthy family meals together and take home recipe cards and ingredients.", also=("weight",), join="book"),
            S("SEND Family Group", "For families of children with special educational needs and disabilities, with sensory play for the children.", also=("carers",)),
            S("Toddler Sensory Play", "Sensory play with lights, textures and sounds for babies and toddlers."),
            S("Positive Parenting Course", "A ten-week course on routines, tantrums, and looking after yourself too.", join="refer", cost=FREE),
        ),
    ),
    _kind(
        "weight",
        "Weight management and healthy eating",
        "Support to eat well, cook healthily and manage weight, without faddy diets.",
        days="MO TU WE TH FR",
        times=("10:00-11:30", "13:00-14:30", "17:30-19:00", "18:00-19:30"),
        costs=(
            FREE,
            (("Per session", 4.5, "£4.50 a week"),),
            (("Course", 20.0, "£20 for the course; free with a referral"),),
        ),
        join="refer",
        titles=("Health trainer", "Dietitian", "Group leader", "Healthy lifestyle adviser"),
        extras=(
            "No faddy diets: small changes you can stick to.",
            "Weigh-ins are private, and you don't have to be weighed if you'd rather not.",
            "Many people bring a friend or partner along for support.",
            "Recipes are cheap and use food from ordinary shops.",
        ),
        offerings=(
            S("Healthy Weight Group", "A friendly weekly group with weigh-ins, goal setting, and tips on food and activity."),
            S("Cook Well, Eat Well", "A six-week cookery course making simple, healthy meals on a budget.", join="book"),
            S("Men's Weight Management", "A group for men who want to lose weight, with team challenges and a weekly weigh-in.", when="TH 18:00-19:30"),
            S("Healthy Steps for Prediabetes", "For people told their blood sugar is raised: small changes to food and activity that lower the risk of type 2 diabetes.", also=("conditions",)),
            S("Family Healthy Eating", "Fun sessions for families on eating well and being active together.", ages=(None, None), also=("parents",)),
            S("Weigh and Walk", "A weekly weigh-in followed by a short group walk. Friendly, supportive, no judgement.", also=("walking",), join="drop"),
            S("Healthy Eating on a Budget", "Shopping and meal planning tips that save money and help with weight.", also=("money",)),
            S("Mindful Eating Group", "Explores emotional eating and builds a calmer relationship with food."),
            S("Cooking for One or Two", "Tasty, simple meals for one or two people, with plenty of protein to keep you strong.", ages=(60, None)),
            S("Active Lifestyle Programme", "A 12-week programme of gym sessions with healthy eating advice.", also=("exercise",)),
            S("South Asian Healthy Cooking", "Lighter versions of family favourites, cooked together in a friendly group.", languages=("ur", "pa", "gu")),
            S("Weight Management Drop-in", "A monthly drop-in with a health trainer to check progress and set new goals.", when="1MO 17:00-19:00", join="drop"),
        ),
    ),
    _kind(
        "social",
        "Coffee mornings and lunch clubs",
        "Regular places to meet people: coffee mornings, lunch clubs, social clubs and warm spaces.",
        days="MO TU WE TH FR",
        times=("10:00-12:00", "10:30-12:00", "12:00-14:00", "14:00-16:00"),
        ages=((None, None), (18, None)),
        costs=(
            (("Per visit", 1.5, "£1.50 for tea and cake"),),
            (("Per visit", 1.0, "£1 for a drink and biscuits"),),
            FREE_DONATIONS,
            FREE,
        ),
        other_languages=0.15,
        titles=("Organiser", "Community development worker", "Centre manager", "Volunteer"),
        extras=(
            "Come on your own: someone will always say hello.",
            "Regulars are a friendly bunch and newcomers are made welcome.",
            "There are leaflets about other groups and services on the table by the door.",
            "If you'd like someone to meet you the first time, ring and we'll arrange it.",
            "It's a good place to find out what's going on in Millbrook.",
        ),
        offerings=(
            S("{place} Coffee Morning", "A warm welcome, good coffee and homemade cakes every week.", when="* 10:00-12:00"),
            S("{place} Lunch Club", "A hot two-course lunch with good company, for older people. Transport can be arranged for people who can't get there on their own.", ages=(60, None), cost=(("Lunch", 4.5, "£4.50 for a two-course lunch"),), join="book", when="* 12:00-14:00"),
            S("Warm Space", "A warm, friendly room with drinks, newspapers, games and Wi-Fi, open to anyone who wants company or somewhere warm.", cost=FREE),
            S("Men's Breakfast", "A cooked breakfast and a chat for men of all ages, once a month.", when="1SA 09:00-10:30", cost=(("Breakfast", 3.0, "£3 for a full breakfast"),)),
            S("Friday Social", "Bingo, quizzes and a natter on Friday afternoons, with tea and biscuits.", when="FR 13:30-15:30"),
            S("Games Afternoon", "Cards, dominoes, board games and jigsaws, with people always happy to teach a new game.", when="* 13:30-15:30"),
            S("Community Café", "A friendly café run by volunteers, with cheap hot meals and a noticeboard full of local groups.", when="MO,TU,WE,TH,FR 09:00-14:00", cost=(("Meals", 3.5, "Hot meals from £3.50; drinks from 80p"),)),
            S("Over-60s Club", "Talks, outings and a sociable afternoon for people over 60.", ages=(60, None)),
            S("Sisters' Coffee Morning", "A coffee morning for women, with chat, guest speakers and the occasional trip out.", languages=("ur", "pa", "bn"), when="* 10:00-12:00"),
            S("Pop-in Afternoon", "A drop-in for anyone feeling lonely, with tea, cake and friendly volunteers.", when="* 14:00-16:00"),
            S("Veterans' Breakfast Club", "A fortnightly breakfast for ex-forces men and women and their families.", when="SA/2 09:00-11:00", cost=(("Breakfast", 4.0, "£4 for breakfast and a brew"),)),
            S("Supper Club", "A monthly supper with a different theme and a guest cook each time.", when="-1TH 18:30-20:30", cost=(("Supper", 6.0, "£6 for two courses"),), join="book"),
            S("Deaf Club Social", "A social evening for Deaf people and BSL users, with quizzes and news.", languages=("bfi",), when="2FR 19:00-22:00"),
            S("Pride Social", "A relaxed social for LGBTQ+ adults in Millbrook, in a quiet room away from the bar.", when="1TH 19:00-21:00", ages=(18, None)),
            S("Tea and Talk", "An informal group where a guest comes to talk about local history, health or travel, followed by tea.", ages=(55, None)),
            S("Friendship Club", "A social club for adults with learning disabilities, with games, music and outings.", when="WE 18:00-20:00", ages=(18, None)),
            S("Sunday Lunch Club", "A Sunday roast once a month for people who might otherwise eat alone.", when="-1SU 12:30-14:30", cost=(("Lunch", 5.0, "£5 for a roast and pudding"),), join="book"),
            S("Quiz Night", "A friendly quiz with teams made up on the night, so you can come on your own.", when="2TU 19:30-21:30"),
            S("Polish Community Café", "Coffee, cake and conversation in Polish and English, with help finding your way to local services.", languages=("pl",)),
            S("Community Kitchen Lunch", "A free vegetarian lunch, open to everyone and served by volunteers in the community kitchen.", cost=FREE, when="SU 12:00-14:00", languages=("pa",), also=("food",)),
            S("Soup and Sandwich Lunch", "A simple lunch of homemade soup and sandwiches, with a raffle and plenty of chat.", cost=(("Lunch", 3.0, "£3 for soup, a sandwich and a drink"),), when="FR 12:00-13:30"),
            S("Afternoon Tea Club", "Proper afternoon tea with china cups, scones and sandwiches, once a month.", when="2WE 14:00-16:00", cost=(("Tea", 4.0, "£4 for afternoon tea"),), ages=(55, None)),
            S("Bingo and a Brew", "Friendly bingo with small prizes, tea and a natter. Large print cards are available."),
            S("Dominoes and Darts Club", "Dominoes, darts and a pint or a cuppa in the back room, with a friendly league for anyone who wants one.", when="TH 19:00-21:30", ages=(18, None)),
            S("Men's Coffee Hour", "Coffee and conversation for men who would like some company, with the papers and a crossword on the go.", when="* 10:00-11:00"),
            S("Welcome Lunch", "A free lunch for people new to Millbrook and their neighbours, with food from many countries.", languages=("ar", "ku", "fa", "uk"), cost=FREE, when="-1SA 12:30-14:30", ages=(None, None)),
            S("Monday Club", "A Monday afternoon club with a speaker, entertainment or an outing each week, finishing with tea.", when="MO 14:00-16:00", ages=(55, None)),
            S("Hot Pot Lunch", "A hearty hot dinner and pudding cooked on site, followed by a game of cards or a sing-song.", ages=(60, None), cost=(("Lunch", 5.0, "£5 for dinner and pudding"),), join="book", when="TH 12:00-14:00"),
            S("Jigsaw and Puzzle Swap", "Swap jigsaws and puzzle books, then stay for a cuppa and help with the group jigsaw on the big table."),
            S("Village Coffee Stop", "A coffee stop with homemade cakes, the village newsletter and a table of books to borrow.", when="* 10:00-12:00"),
            S("Silver Screen Club", "A film afternoon with a classic film, an interval for tea and ice cream, and a chat about it afterwards.", when="-1WE 13:30-16:30", ages=(55, None), cost=(("Ticket", 3.0, "£3 including tea and ice cream"),)),
        ),
    ),
    _kind(
        "cancer",
        "Cancer support",
        "Support for people living with cancer, after treatment, and those close to them.",
        days="MO TU WE TH FR",
        times=("10:00-12:00", "13:30-15:30", "18:30-20:00"),
        join="drop",
        costs=(FREE, FREE_DONATIONS),
        titles=("Cancer support worker", "Group coordinator", "Information officer"),
        extras=(
            "Family members and friends are welcome too.",
            "You can come at any stage: just diagnosed, in treatment, or years afterwards.",
            "A quiet room is available if you'd like to talk privately.",
            "Nobody will expect you to talk about your illness unless you want to.",
        ),
        offerings=(
            S("Cancer Support Group", "A friendly group for people living with cancer, whatever the type or stage, and their families."),
            S("Cancer Information Drop-in", "Information about treatment, benefits, travel costs and local support, from a cancer support worker."),
            S("Complementary Therapies", "Free relaxing treatments such as hand massage and reflexology for people affected by cancer.", join="book"),
            S("Moving On after Cancer", "A course for people who have finished treatment, on tiredness, exercise, eating well and getting back to normal life.", join="book"),
            S("Wig and Headwear Advice", "Private appointments with friendly advice on wigs, scarves and headwear during treatment.", join="book"),
            S("Prostate Cancer Support Group", "Monthly meetings for men with prostate cancer and their partners, with guest speakers.", when="2MO 19:00-21:00"),
            S("Breast Cancer Support Group", "Peer support for people affected by breast cancer, with a social meal each month."),
            S("Exercise after Cancer", "Gentle exercise classes designed for people during and after cancer treatment, led by a specialist instructor.", also=("exercise",), join="refer"),
            S("Cancer Carers' Group", "Support for partners, family and friends caring for someone with cancer.", also=("carers",)),
            S("Money Help after a Cancer Diagnosis", "Help with money after a cancer diagnosis: benefits, sick pay, travel costs and grants.", also=("money",), join="book"),
            S("Head and Neck Cancer Support", "A small group for people affected by head and neck cancer, understanding about eating and speaking difficulties.", when="1TH 14:00-16:00"),
            S("Cancer Café", "A café afternoon where people affected by cancer chat informally, with volunteers who have been through it.", also=("social",), when="* 13:30-15:30"),
        ),
    ),
    _kind(
        "memory",
        "Memory cafés and dementia support",
        "Support and activities for people living with dementia or memory loss, and their carers.",
        days="MO TU WE TH FR",
        times=("10:30-12:30", "14:00-16:00", "13:30-15:30"),
        ages=((None, None), (18, None)),
        costs=(FREE, (("Per visit", 2.0, "£2 for the person and carer, tea and cake included"),)),
        titles=("Dementia support worker", "Café organiser", "Dementia adviser"),
        extras=(
            "Carers, family and friends are welcome to come along too.",
            "Volunteers are trained in dementia awareness.",
            "You don't need a diagnosis to come.",
            "Everything is at a gentle pace, in a calm and familiar setting.",
        ),
        offerings=(
            S("{place} Memory Café", "A relaxed café for people living with dementia or memory loss and those who care for them, with music, activities and tea."),
            S("Singing for Memory", "Familiar songs sung together, which can bring back memories and lift the mood. Carers join in too.", also=("arts",)),
            S("Reminiscence Group", "Old photos, objects and music from the past spark conversation and memories."),
            S("Dementia Advice Clinic", "Information and advice for people with a new diagnosis of dementia and their families.", join="book"),
            S("Active Minds Group", "Quizzes, word games and puzzles to keep the mind active, in a supportive group."),
            S("Dementia-friendly Swim", "A quiet swim session with staff trained in dementia awareness.", also=("exercise",), cost=(("Swim", 2.5, "£2.50; carers swim free"),)),
            S("Dementia-friendly Cinema", "Classic films with the lights up a little and the sound down, with tea and cake in the interval.", when="-1TU 14:00-16:30", cost=(("Ticket", 3.0, "£3; carers free"),)),
            S("Day Club for People with Dementia", "A day of activities, lunch and company for people living with dementia, giving carers a break.", when="TU,TH 10:00-15:00", join="refer", cost=(("Day", 25.0, "£25 a day including lunch; funded places available"),), also=("carers",)),
            S("Young-onset Dementia Group", "For people diagnosed with dementia under 65, and their families.", when="2WE 13:30-15:30"),
            S("Dementia Carers' Course", "A course for family carers on understanding dementia, communicating, and planning ahead.", also=("carers",), join="book"),
            S("Memory Gardening", "Gentle gardening in raised beds for people living with dementia.", also=("gardening",)),
            S("Musical Memories Afternoon", "Live music and singalongs in a dementia-friendly afternoon.", when="3FR 14:00-16:00"),
        ),
    ),
    _kind(
        "conditions",
        "Living with long-term conditions",
        "Support groups and courses for people living with a long-term health condition.",
        days="MO TU WE TH FR",
        times=("10:00-12:00", "13:30-15:30", "14:00-16:00", "18:30-20:00"),
        costs=(FREE, FREE_DONATIONS, (("Per session", 1.0, "£1 for refreshments"),)),
        titles=("Group coordinator", "Chair", "Specialist nurse", "Self-management tutor"),
        extras=(
            "Partners, family and carers are welcome too.",
            "Guest speakers include specialist nurses, physiotherapists and pharmacists.",
            "It's a chance to meet people who really understand what living with it is like.",
            "The group can't give medical advice, but can help you prepare questions for your GP or specialist.",
        ),
        offerings=(
            S("Stroke Club", "A social and support group for stroke survivors and their families, with speech practice, exercise and outings."),
            S("Lung Health Singing Group", "Singing exercises that help with breath control, for people with COPD, asthma and other lung conditions.", also=("arts",)),
            S("Diabetes Support Group", "Meet others living with diabetes, share tips, and hear from local nurses and dietitians.", when="1TU 18:30-20:00"),
            S("Parkinson's Support Group", "A monthly group for people with Parkinson's and their families, with speakers and a social.", when="2TH 14:00-16:00"),
            S("Arthritis Self-management Course", "A six-week course on managing pain and tiredness and staying active with arthritis.", join="book"),
            S("Heart Health Group", "For people living with a heart condition, with gentle exercise and support after cardiac rehab ends.", also=("exercise",)),
            S("Persistent Pain Café", "An informal café for people living with persistent pain to share what helps."),
            S("Long COVID Support", "Peer support and pacing tips for people living with long COVID.", mode="online"),
            S("Sight Loss Support", "A friendly group for people with sight loss, with help from a rehabilitation worker and equipment to try."),
            S("Hearing Aid Help", "Help with hearing aids, from cleaning and new tubing to batteries, and a chat with others."),
            S("MS Support Group", "Peer support and activities for people living with multiple sclerosis.", when="3WE 13:30-15:30"),
            S("Fibromyalgia Support Group", "A friendly group for people with fibromyalgia to share ways of coping."),
            S("Epilepsy Support Group", "Support and information for people living with epilepsy, and their families.", when="-1TH 18:30-20:00"),
            S("Living Well with a Long-term Condition", "A six-week course to build confidence in managing any long-term health condition day to day.", join="book"),
        ),
    ),
)
# fmt: on
KIND_BY_CODE = {k.code: k for k in KINDS}

JOINING: dict[str, tuple[str, ...]] = {
    "drop": (
        "No need to book: just come along.",
        "Just turn up; there's always someone to say hello and make you a drink.",
        "New faces are always welcome, and you don't need to book.",
        "Come along on the day; your first visit is a chance to see whether it suits you.",
        "No booking and no forms: just come along and ask for {contact}.",
        "Come on your own, or bring a friend the first time.",
    ),
    "book": (
        "Places are limited, so please ring to book.",
        "Please ring {contact} before your first visit so we know to expect you.",
        "Ring or email to book a place; we'll talk through what to expect.",
        "Booking is needed; {contact} can tell you when the next one starts.",
        "Please book ahead by phone. If the day doesn't suit, ask about other times.",
    ),
    "refer": (
        "You can refer yourself, or a link worker, GP or support worker can refer you with your agreement.",
        "Ring to refer yourself, or ask your link worker to make a referral for you.",
        "Self-referrals are welcome, and so are referrals from link workers, GPs and support workers.",
        "Get in touch by phone or email and {contact} will ring back within a few days to arrange a first chat.",
    ),
}

LANGUAGES: dict[str, str] = {
    "en": "English",
    "pl": "Polish",
    "ur": "Urdu",
    "pa": "Punjabi",
    "ar": "Arabic",
    "bn": "Bengali",
    "gu": "Gujarati",
    "ro": "Romanian",
    "ku": "Kurdish",
    "fa": "Persian (Farsi)",
    "so": "Somali",
    "uk": "Ukrainian",
    "ti": "Tigrinya",
    "bfi": "British Sign Language",
}
_OTHER_LANGUAGES = (
    "pl",
    "ur",
    "ur",
    "pa",
    "pa",
    "ar",
    "bn",
    "gu",
    "ro",
    "ku",
    "fa",
    "so",
    "uk",
    "bfi",
)

# Accessibility features: code -> (short name, what it means at a place, the term's description).
FEATURES: dict[str, tuple[str, str, str]] = {
    "wheelchair": (
        "Wheelchair access",
        "Level or ramped entrance and wide doors; the rooms used are wheelchair accessible.",
        "Wheelchair users can get in and use the rooms.",
    ),
    "step-free": (
        "Step-free access",
        "Step-free from the street to the room used.",
        "No steps from the street.",
    ),
    "hearing-loop": (
        "Hearing loop",
        "An induction loop in the main room; switch your hearing aid to T.",
        "An induction loop for hearing aids.",
    ),
    "accessible-toilet": (
        "Accessible toilet",
        "An accessible toilet with grab rails and an alarm cord.",
        "An accessible toilet.",
    ),
    "changing-places": (
        "Changing Places toilet",
        "A Changing Places toilet with a hoist, an adult-sized changing bench and room for two carers.",
        "A toilet with a hoist and changing bench.",
    ),
    "parking": (
        "Blue Badge parking",
        "Blue Badge parking spaces close to the entrance.",
        "Blue Badge parking nearby.",
    ),
    "lift": ("Lift", "A lift to every floor.", "A lift to the rooms used."),
    "large-print": (
        "Large print",
        "Large print leaflets and forms on request.",
        "Large print on request.",
    ),
    "quiet-room": (
        "Quiet room",
        "A quiet room if you need a break or a private talk.",
        "A quiet room.",
    ),
    "baby-change": ("Baby changing", "Baby changing facilities.", "Baby changing facilities."),
    "assistance-dogs": (
        "Assistance dogs welcome",
        "Assistance dogs are welcome, with a water bowl at reception.",
        "Assistance dogs welcome.",
    ),
    "seating": (
        "Seating with arms",
        "Chairs with arms and a firm seat; ask if you need one.",
        "Chairs with arms.",
    ),
}

FUNDERS = (
    "Millbrook Council community grants",
    "Millbrook Community Foundation",
    "The Weavers' Benevolent Trust",
    "Canal and Moor Charitable Trust",
    "Millbrook Health and Wellbeing Partnership",
    "Donations from local people and businesses",
    "Millbrook Primary Care Network",
)

ALERTS = (
    "No sessions over Christmas and New Year; back in the second week of January.",
    "Now full: ring to join the waiting list.",
    "Meeting in the small hall until the main hall's new floor is finished.",
    "The car park is closed for resurfacing; please use the pay and display on Station Road.",
    "Sessions are shorter this month while we look for a new volunteer leader.",
    "New volunteers wanted: ask at any session.",
)

# Millbrook's neighbourhoods: name -> (postcode district, km north, km east of the centre).
AREAS: dict[str, tuple[int, float, float]] = {
    "Town Centre": (1, 0.0, 0.0),
    "Weavers Row": (1, -0.6, -0.8),
    "Canal Side": (1, -0.4, 0.7),
    "Hillfoot": (2, 2.4, -1.6),
    "Upper Millbrook": (2, 1.4, -0.2),
    "Eastgate": (3, 0.3, 1.5),
    "Brookside": (3, 1.0, 2.6),
    "Netherfold": (4, -2.1, 1.1),
    "Moorview": (5, 3.1, -4.2),
    "Thornleigh": (6, 4.6, 3.8),
    "Greenholme": (7, -4.2, -3.1),
}
MORE_STREETS = (
    "Market Place", "Church Lane", "Tenter Croft", "Dyehouse Lane", "Foundry Street", "Beck Side",
    "High Street", "Albion Road", "Park Avenue", "Moor Lane", "Wharf Street", "Spinners Way",
    "Lock Lane", "Cobden Street", "Cross Street", "Brookside Road", "Woodside Lane", "Main Street",
)  # fmt: skip
STREETS = fictional.STREETS + MORE_STREETS


# ---------------------------------------------------------------------------------------------
# The sample's cast: venues and organisations in Millbrook, all made up.
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class VenueSpec:
    key: str
    name: str
    address: str
    area: str
    features: tuple[str, ...]  # feature codes, or "code: what it is like here"
    description: str


def V(key: str, name: str, address: str, area: str, features: str, description: str) -> VenueSpec:
    return VenueSpec(
        key,
        name,
        address,
        area,
        tuple(f.strip() for f in features.split(";") if f.strip()),
        description,
    )


# fmt: off
VENUES: tuple[VenueSpec, ...] = (
    V("civic", "Millbrook Community Centre", "1 Market Place", "Town Centre", "wheelchair; lift; accessible-toilet; hearing-loop; parking; quiet-room", "The big red-brick building on the corner of Market Place, with its entrance facing the bus station."),
    V("hillfoot-cc", "Hillfoot Community Centre", "48 Hillfoot Road", "Hillfoot", "wheelchair; accessible-toilet; parking; baby-change", "A single-storey centre beside the playing fields, with a car park at the back."),
    V("st-aidans", "St Aidan's Church Hall", "Church Lane", "Upper Millbrook", "step-free: A ramp at the side door on Church Lane (the front has three steps).; accessible-toilet; hearing-loop", "The hall behind St Aidan's church; follow the path round the left of the church."),
    V("library", "Millbrook Library", "22 Station Road", "Town Centre", "wheelchair; lift; accessible-toilet; hearing-loop; large-print; assistance-dogs", "The town's main library, opposite the railway station. Groups meet in the first-floor community room."),
    V("netherfold-lib", "Netherfold Library", "3 Fold Court", "Netherfold", "wheelchair; accessible-toilet; large-print", "A small branch library in the parade of shops on Fold Court."),
    V("methodist", "Weavers Row Methodist Church", "2 Weavers Row", "Weavers Row", "step-free: Level access through the glass doors on the car park side.; hearing-loop; accessible-toilet", "A stone chapel with a modern extension; groups use the extension's rooms."),
    V("baptist", "Station Road Baptist Church", "61 Station Road", "Town Centre", "hearing-loop; seating", "A Victorian chapel five minutes' walk from the station. The schoolroom is down six steps, with a handrail; there is no lift."),
    V("leisure", "Millbrook Leisure Centre", "Orchard Close", "Brookside", "wheelchair; lift; accessible-toilet; changing-places; parking; hearing-loop", "Swimming pools, sports hall, gym and studios, with a free car park."),
    V("lock-cafe", "The Lock Café", "Lock 7, Canal Side", "Canal Side", "step-free; accessible-toilet; assistance-dogs", "A small café in the old lock-keeper's cottage, on the towpath by Lock 7."),
    V("pavilion", "Brookside Park Pavilion", "Park Avenue", "Brookside", "step-free; accessible-toilet; parking", "The pavilion beside the bowling green in Brookside Park, with toilets and a kitchen."),
    V("thornleigh-hall", "Thornleigh Village Hall", "2 Moor Lane", "Thornleigh", "step-free; accessible-toilet; parking", "The village hall at the top of Moor Lane; the 31 bus stops outside."),
    V("greenholme-inst", "Greenholme Institute", "Main Street", "Greenholme", "parking; seating", "A stone village hall of 1894. The main hall is up two steps; a portable ramp is kept inside the door."),
    V("mosque", "Masjid an-Noor Community Rooms", "40 Albion Road", "Eastgate", "step-free; accessible-toilet; quiet-room", "Community rooms beside the mosque, with a separate entrance on Albion Road."),
    V("sikh-centre", "Millbrook Sikh Community Centre", "Cobden Street", "Eastgate", "wheelchair; accessible-toilet; parking", "A community centre with a large kitchen and hall; shoes off and heads covered in the hall, with scarves provided."),
    V("polish-club", "Polish Community Club", "15 Tenter Croft", "Netherfold", "step-free; accessible-toilet", "A club room above a row of shops, reached from the back by a level path."),
    V("quaker", "Millbrook Quaker Meeting House", "Meeting House Lane", "Upper Millbrook", "step-free; hearing-loop; quiet-room; accessible-toilet", "A quiet meeting house with a walled garden, just off Church Lane."),
    V("town-hall", "Millbrook Town Hall", "Market Place", "Town Centre", "wheelchair; lift; accessible-toilet; hearing-loop; large-print", "The town hall in Market Place; the customer service centre is through the side entrance."),
    V("health-centre", "Chapel Street Health Centre", "Chapel Street", "Town Centre", "wheelchair; accessible-toilet; hearing-loop; parking", "The health centre on Chapel Street; groups meet in the first-floor education room, by lift or stairs."),
    V("fold-court", "Fold Court Lounge", "Fold Court", "Netherfold", "wheelchair; accessible-toilet; hearing-loop; seating", "The residents' lounge in Fold Court sheltered housing. Ring the bell by the main door."),
    V("allotments", "Hillfoot Allotments", "Allotment Lane, off Hillfoot Road", "Hillfoot", "parking", "Allotments with a meeting hut and a compost toilet. Paths are grassy and uneven, but there are two raised beds by the gate."),
    V("moorview-garden", "Moorview Community Garden", "Moorview Terrace", "Moorview", "step-free: Firm paths between the raised beds.; accessible-toilet", "A walled community garden at the end of Moorview Terrace, with a polytunnel and a cabin for tea."),
    V("bridge-end", "Bridge End Youth and Community Centre", "Bridge End", "Canal Side", "wheelchair; accessible-toilet", "A busy centre by the canal bridge, with a sports hall and kitchen."),
    V("family-hub", "Netherfold Family Hub", "Beck Side", "Netherfold", "wheelchair; accessible-toilet; baby-change; parking", "The family hub by Netherfold primary school, with a soft play room and garden."),
    V("college", "Millbrook College Adult Learning Centre", "Foundry Street", "Town Centre", "wheelchair; lift; accessible-toilet; hearing-loop", "The college's adult learning building in the old foundry, with its own entrance on Foundry Street."),
    V("eastgate-hall", "Eastgate Sports Hall", "Spinners Way", "Eastgate", "wheelchair; accessible-toilet; parking", "A community sports hall behind Eastgate school, open to the public evenings and weekends."),
    V("market-hall", "Millbrook Market Hall Café", "Market Place", "Town Centre", "step-free; accessible-toilet", "The café at the back of the covered market, with long tables."),
    V("hive", "The Hive Arts Space", "Unit 3, Dyehouse Lane", "Weavers Row", "step-free; accessible-toilet; quiet-room", "A community arts space in an old dye works, with a studio, kiln and a small gallery."),
    V("weavers-shed", "Weavers Row Yard Workshop", "Unit 4, Weavers Row Yard", "Weavers Row", "step-free; parking", "A workshop in the old mill yard. There is a toilet, but it is up a step and not accessible."),
    V("eastgate-works", "Eastgate Workshop", "Wharf Street", "Eastgate", "step-free", "A former garage on Wharf Street, fitted out as a workshop."),
    V("drill-hall", "The Old Drill Hall", "Drill Hall Street", "Town Centre", "wheelchair; accessible-toilet; parking", "The old drill hall, now a food store and community hall, behind the bus station."),
    V("advice-centre", "Millbrook Advice Centre", "14 High Street", "Town Centre", "wheelchair; accessible-toilet; hearing-loop; quiet-room; large-print", "A shopfront advice centre on the High Street, with private interview rooms."),
    V("hospice", "Brookside Hospice Day Centre", "Hospice Lane", "Brookside", "wheelchair; accessible-toilet; parking; quiet-room; changing-places", "The hospice's day centre, with its own entrance and a garden room."),
    V("rugby-club", "Millbrook Rugby Club", "Moor Lane", "Moorview", "parking; accessible-toilet", "The clubhouse and pitches at the top of Moor Lane."),
    V("football-club", "Millbrook Town Football Club", "Mill Lane", "Hillfoot", "step-free; accessible-toilet; parking", "The football club's clubhouse and 3G pitch on Mill Lane."),
    V("bowling-green", "Brookside Bowling Green", "Park Avenue", "Brookside", "step-free; seating", "The bowling green and clubhouse in Brookside Park."),
    V("spinners-arms", "The Spinners Arms", "Spinners Way", "Eastgate", "quiet-room", "A friendly pub; groups use the function room upstairs, up 14 stairs with no lift."),
    V("st-marys", "St Mary's Church, Greenholme", "Church Street", "Greenholme", "step-free; parking", "The village church, with a kitchen and toilet in the new annex."),
    V("woods", "Thornleigh Woods Car Park", "Woodside Lane", "Thornleigh", "parking", "The small car park at the Woodside Lane entrance to Thornleigh Woods; look for the group by the noticeboard."),
    V("reservoir", "Greenholme Reservoir Car Park", "Reservoir Road", "Greenholme", "parking", "The car park by the dam wall, with toilets open in daylight hours."),
    V("womens-centre", "Millbrook Women's Centre", "8 Cross Street", "Town Centre", "wheelchair; accessible-toilet; baby-change; quiet-room", "A women-only centre with a crèche, in a terraced house on Cross Street."),
    V("deaf-centre", "Millbrook Deaf Centre", "27 Chapel Street", "Town Centre", "step-free; hearing-loop; accessible-toilet", "A centre run by and for Deaf people; staff sign, and there is a visual door alarm."),
    V("credit-union", "Millbrook Credit Union", "9 High Street", "Town Centre", "step-free; hearing-loop", "The credit union's counter on the High Street."),
    V("st-pauls", "St Paul's Church, Eastgate", "Eastgate Road", "Eastgate", "wheelchair; accessible-toilet", "A modern church building with a large hall and kitchen."),
    V("museum", "Low Mill Museum", "Canal Side", "Canal Side", "wheelchair; lift; accessible-toilet", "A working mill museum beside the canal, with a tea room."),
    V("brookside-hub", "Brookside Community Hub", "Brookside Road", "Brookside", "wheelchair; accessible-toilet; baby-change", "A community hub in the old school building on Brookside Road."),
    V("upper-hall", "Upper Millbrook Village Hall", "Orchard Close", "Upper Millbrook", "step-free; accessible-toilet; parking", "The village hall next to the primary school."),
)
# fmt: on
VENUE_BY_KEY = {v.key: v for v in VENUES}


@dataclass(frozen=True)
class OrgSpec:
    name: str
    short: str  # "{place}" in a service name becomes this
    venue: str  # where it is based (a venue key)
    offers: tuple[str, ...]  # kind codes (a service of that kind each) or catalogue names
    description: str


def G(name: str, short: str, venue: str, offers: str, description: str) -> OrgSpec:
    return OrgSpec(
        name, short, venue, tuple(o.strip() for o in offers.split(";") if o.strip()), description
    )


# Each organisation offers the services named (a catalogue name pins that service to it; a kind
# code takes the next unpinned service of that kind). Services still unassigned afterwards go to
# the organisations offering their kind that have the fewest so far.
# fmt: off
ORGANISATIONS: tuple[OrgSpec, ...] = (
    G("Canal Side Walkers", "Canal Side", "lock-cafe", "Tuesday Towpath Stroll; walking; walking", "A volunteer-led walking group that has been walking the towpath and lanes around Millbrook since 2009."),
    G("Hillfoot Health Walks", "Hillfoot", "hillfoot-cc", "{place} Health Walk; Short Strolls; walking", "Free, short, friendly walks from Hillfoot Community Centre, led by trained volunteers."),
    G("Moorview Striders", "Moorview", "rugby-club", "Moorside Ramble; Nordic Walking for Beginners; walking", "A walking club for people who want a bit more of a challenge, from Nordic walking to moorland rambles."),
    G("Greenholme Hill Walkers", "Greenholme", "reservoir", "Reservoir Circuit; walking", "Weekend walks in the hills and valleys around Greenholme, for people who already walk a little."),
    G("Millbrook Money Matters", "Millbrook", "advice-centre", "Money Advice Drop-in; Debt Advice Appointments; Benefits Check; money", "An independent local charity giving free, confidential advice on money, debt and benefits since 1998."),
    G("Brookside Benefits Help", "Brookside", "brookside-hub", "Disability Benefit Form Help; money", "Volunteers helping Brookside residents through benefit claims, forms and appeals."),
    G("Fresh Start Money Advice", "Fresh Start", "baptist", "Bailiff and Court Letter Help; Budgeting Course", "Church-based debt advice with a listening ear, for people of any faith or none."),
    G("Millbrook Credit Union", "Millbrook", "credit-union", "Credit Union Savings and Loans", "A not-for-profit savings and loans co-operative owned by its members in Millbrook."),
    G("Millbrook Housing Advice Centre", "Millbrook", "advice-centre", "Housing Advice Drop-in; Private Renters' Advice; housing", "Free, independent housing advice for anyone in Millbrook who rents, owns or has nowhere to live."),
    G("Millbrook Council Housing Options", "Millbrook", "town-hall", "Homelessness Prevention Team; Housing Register Help; housing", "The council's housing options service: homelessness, the housing register and help to stay in your home."),
    G("Pennine Vale Homes", "Pennine Vale", "town-hall", "Tenancy Support; housing; money; digital", "A local housing association with 2,400 homes in Millbrook and the villages."),
    G("Netherfold Tenants' and Residents' Association", "Netherfold", "fold-court", "Tenants' and Residents' Meeting; social; volunteering", "Residents of the Netherfold estate working together for a cleaner, safer, friendlier place to live."),
    G("Weavers Row Community Shed", "Weavers Row", "weavers-shed", "{place} Shed; Woodturning Sessions; sheds", "A community workshop in the old mill yard where people make, mend and keep each other company."),
    G("Eastgate Shed and Workshop", "Eastgate", "eastgate-works", "Bike Workshop; Metalwork Taster; sheds", "A workshop for metalwork, bikes and anything with an engine, open to all."),
    G("Millbrook Fix-it Collective", "Millbrook", "bridge-end", "Fix-it Café; volunteering", "Volunteer menders keeping things out of landfill, one kettle at a time."),
    G("Thornleigh Tinkerers", "Thornleigh", "thornleigh-hall", "Model Railway Club; Radio and Electronics Club", "A club for people who like taking things apart and putting them back together, in Thornleigh Village Hall."),
    G("Millbrook Community Choir", "Millbrook", "methodist", "{place} Community Choir; Singing for Wellbeing", "A choir for everyone, with no auditions: about sixty singers from 18 to 90."),
    G("The Hive Arts Space", "The Hive", "hive", "Pottery Drop-in; Art for Wellbeing; Drumming Circle; arts; mental-health", "A community arts charity in an old dye works, making art welcoming to everyone in Millbrook."),
    G("Millbrook Art Club", "Millbrook", "library", "Watercolour for Beginners; arts", "An art club for beginners and improvers, meeting at the library since 1972."),
    G("Moorview Community Garden", "Moorview", "moorview-garden", "Community Garden Volunteering; Kitchen Garden Cookery; gardening", "A walled community garden growing food, flowers and friendships at the end of Moorview Terrace."),
    G("Millbrook and District Allotment Society", "Millbrook", "allotments", "Allotment Starter Plots; Seed Swap and Potting Morning", "The allotment society for Millbrook's six sites, helping new growers get started."),
    G("Grow Together Millbrook", "Grow Together", "moorview-garden", "Therapeutic Gardening; Grow and Talk; gardening", "A small charity using gardening to support people's mental health and recovery."),
    G("Friends of Brookside Park", "Brookside", "pavilion", "Park Gardening Volunteers; Park Loop Walk; volunteering", "Local people looking after Brookside Park with the council's park keepers."),
    G("Thornleigh Woods Conservation Group", "Thornleigh", "woods", "Woodland Work Party; Woodland Walk; Wildflower Meadow Group", "Volunteers caring for Thornleigh Woods and the meadows around the village."),
    G("Millbrook Community Food Bank", "Millbrook", "drill-hall", "{place} Food Bank; Food Bank Advice Table; Food Bank Volunteers; food", "An independent food bank supported by Millbrook's churches, mosques, schools and businesses."),
    G("Eastgate Pantry", "Eastgate", "st-pauls", "Community Pantry; Fresh Veg Stall", "A community pantry helping families make their money go further."),
    G("Hillfoot Community Fridge", "Hillfoot", "hillfoot-cc", "Community Fridge", "Rescuing surplus food from local shops and sharing it free with anyone."),
    G("Millbrook Carers' Network", "Millbrook", "civic", "Carers' Drop-in; Carers' Assessment Help; Carers' Phone Support; carers; carers", "The local carers' charity, supporting unpaid carers of all ages across Millbrook."),
    G("Young Carers Millbrook", "Millbrook", "bridge-end", "Young Carers' Club; Young Adult Carers' Group", "Support, fun and a break for young people who help to look after someone at home."),
    G("Forget-me-not Bereavement Support", "Forget-me-not", "quaker", "One-to-one Bereavement Support; Remembering Together Course; bereavement", "Trained volunteers supporting adults after the death of someone close."),
    G("Still Here Bereavement Café", "Still Here", "lock-cafe", "Bereavement Café; Walking Through Grief", "A café and walking group for people who are grieving, started by two widows in 2016."),
    G("Brookside Hospice", "Brookside", "hospice", "Bereavement Counselling; Children's Bereavement Support; Complementary Therapies; cancer; carers", "The local hospice, caring for people with life-limiting illnesses and their families."),
    G("Brighter Days Peer Support", "Brighter Days", "civic", "Peer Support Group; Anxiety Support Group; mental-health", "A peer-led mental health charity run by people who have been there themselves."),
    G("Talk It Through Millbrook", "Talk It Through", "brookside-hub", "Wellbeing Drop-in; Confidence Building Course", "Friendly, low-key mental health support without waiting lists."),
    G("Open Door Wellbeing Collective", "Open Door", "womens-centre", "Online Peer Support; Eating Difficulties Support; arts", "A collective of peer supporters offering groups, courses and creative sessions."),
    G("Millbrook Digital Buddies", "Millbrook", "library", "{place} Digital Drop-in; Tablet Lending Scheme; Digital Buddies at Home", "Volunteers helping anyone in Millbrook get online and stay safe doing it."),
    G("Clicks and Cuppa", "Clicks and Cuppa", "st-aidans", "Tech and Tea; Smartphone Basics", "Tech help with tea and cake, run by volunteers from St Aidan's and the local school."),
    G("Millbrook College Adult Learning", "Millbrook College", "college", "ESOL Entry Levels 2 and 3; English for Work; Computers for Complete Beginners; Digital Skills for Work; esol", "Part-time courses for adults, from English and maths to computers and creative subjects."),
    G("Welcome English Millbrook", "Welcome English", "baptist", "English Conversation Café; Pre-entry English", "Volunteers teaching English and friendship to newcomers to Millbrook."),
    G("Millbrook Refugee and Migrant Welcome", "Millbrook", "st-pauls", "Befriending for New Arrivals; English Conversation Walk; social", "Helping people who have come to Millbrook from across the world feel at home."),
    G("Millbrook Volunteer Centre", "Millbrook", "civic", "Volunteer Matching; Volunteering Taster Days; Supported Volunteering; volunteering", "Matching people who want to volunteer with over 150 local groups and charities."),
    G("Little Steps Parent and Toddler Group", "Little Steps", "methodist", "{place} Parent and Toddler Group", "A parent and toddler group run by parents, meeting at Weavers Row Methodist Church."),
    G("Netherfold Family Hub", "Netherfold", "family-hub", "Bumps and Babies; Stay and Play; Baby Massage Course; parents", "Free support for families with children up to 19, or 25 with special educational needs."),
    G("Millbrook Dads' Club", "Millbrook", "bridge-end", "Dads' Club", "Dads and their children having fun together on Saturday mornings."),
    G("Millbrook Feeding Friends", "Millbrook", "health-centre", "Feeding Café", "Trained peer supporters helping parents feed their babies, however they choose."),
    G("Lighter Living Millbrook", "Lighter Living", "leisure", "Healthy Weight Group; Men's Weight Management; weight", "A healthy weight service funded by the council, with groups across Millbrook."),
    G("Millbrook Eat Well Kitchen", "Eat Well", "brookside-hub", "Cook Well, Eat Well; Healthy Eating on a Budget", "Cookery courses and healthy eating support in the community kitchen at Brookside."),
    G("Millbrook Leisure Centre", "Millbrook", "leisure", "Aqua Fit; Women-only Swim; Badminton Social; exercise; chair-exercise", "The council's leisure centre, run as a not-for-profit trust."),
    G("Golden Years Lunch Club", "Golden Years", "st-aidans", "{place} Lunch Club", "A lunch club for older people, run by volunteers for over thirty years."),
    G("Thornleigh Village Hall", "Thornleigh", "thornleigh-hall", "{place} Coffee Morning; social; exercise; chair-exercise", "The village hall and its busy programme of groups for everyone in Thornleigh."),
    G("Millbrook Memory Café", "Millbrook", "civic", "{place} Memory Café; Reminiscence Group", "A monthly café for people living with memory loss and their families, run by volunteers."),
    G("Remember When Memory Group", "Remember When", "fold-court", "Active Minds Group; Musical Memories Afternoon", "Friendly groups for people living with dementia, in Netherfold."),
    G("Millbrook Cancer Support Group", "Millbrook", "health-centre", "Cancer Support Group; Cancer Information Drop-in; cancer", "A self-help group for anyone affected by cancer in Millbrook, founded in 1994."),
    G("Daisy Chain Cancer Support", "Daisy Chain", "st-aidans", "Cancer Café; Breast Cancer Support Group", "Peer support for people affected by cancer, with a café, groups and pampering."),
    G("Millbrook Befriending Scheme", "Millbrook", "civic", "Telephone Befriending; Home Visiting Befrienders; befriending", "Volunteers befriending older and isolated people across Millbrook."),
    G("Good Neighbours Hillfoot", "Hillfoot", "hillfoot-cc", "{place} Good Neighbours; Out and About Buddies", "Neighbours looking out for each other in Hillfoot and Upper Millbrook."),
    G("Telephone Friends Millbrook", "Telephone Friends", "civic", "Letter Friends; Video Call Befriending", "Friendship by phone, letter and video call, for people who can't easily get out."),
    G("Seated Strength Millbrook", "Seated Strength", "fold-court", "Seated Strength; Lounge Exercise Club; chair-exercise", "Seated exercise classes for older people in sheltered housing and community halls."),
    G("Millbrook Tai Chi Circle", "Tai Chi Circle", "quaker", "Tai Chi for Balance; Chair-based Tai Chi", "Tai chi for health and balance, taught by a local teacher with 25 years' practice."),
    G("Easy Moves Dance", "Easy Moves", "methodist", "Gentle Latin Dance Fitness; Ballroom for Beginners; Seated Dance", "Dance classes for people who think they can't dance."),
    G("Millbrook Stroke Club", "Millbrook", "civic", "Stroke Club", "Stroke survivors and their families supporting each other since 1987."),
    G("Millbrook Lung Health Singers", "Lung Health", "st-aidans", "Lung Health Singing Group", "A singing group for people with lung conditions, led by a trained singing teacher."),
    G("Millbrook Diabetes Support Group", "Millbrook", "health-centre", "Diabetes Support Group; Healthy Steps for Prediabetes", "A volunteer-run group for people living with diabetes and those at risk of it."),
    G("Millbrook Parkinson's Support Group", "Millbrook", "brookside-hub", "Parkinson's Support Group; Seated Exercise for Parkinson's", "A local support group for people with Parkinson's, their families and carers."),
    G("Millbrook Arthritis Friends", "Millbrook", "library", "Arthritis Self-management Course; Persistent Pain Café; conditions", "People living with arthritis and persistent pain, helping each other live well."),
    G("Long COVID Millbrook", "Millbrook", "health-centre", "Long COVID Support", "A peer support group for people living with long COVID."),
    G("Millbrook Sight Support", "Millbrook", "library", "Sight Loss Support; Assistive Technology Advice", "A local charity for people with sight loss, offering groups, equipment and advice."),
    G("Millbrook Hearing Support", "Millbrook", "library", "Hearing Aid Help", "Volunteers helping people get the most from their hearing aids."),
    G("Millbrook Deaf Club", "Millbrook", "deaf-centre", "Deaf Club Social", "A social club for Deaf people and BSL users, meeting since 1921."),
    G("Millbrook Women's Centre", "Millbrook", "womens-centre", "Women's English Class; Postnatal Wellbeing Group; money", "A women-only space offering support, learning and friendship."),
    G("Masjid an-Noor Community Association", "an-Noor", "mosque", "Sisters' Coffee Morning; Halal Food Parcels; Women's Walking Group; esol", "The community association of Masjid an-Noor, serving all of Eastgate."),
    G("Millbrook Sikh Community Centre", "Millbrook", "sikh-centre", "Community Kitchen Lunch; South Asian Healthy Cooking; carers", "A Sikh community centre whose kitchen and hall are open to everyone."),
    G("Polski Klub Millbrook", "Polski Klub", "polish-club", "Polish Community Café; Befriending in Your Language", "The Polish community club, welcoming Polish speakers and their friends."),
    G("Hillfoot Community Association", "Hillfoot", "hillfoot-cc", "Games Afternoon; Stretch and Natter; digital; exercise", "The association that runs Hillfoot Community Centre for local people."),
    G("Millbrook Community Centre", "Millbrook", "civic", "Warm Space; Community Café; social", "The town's community centre, with a café, halls and meeting rooms used by over 40 groups."),
    G("Bridge End Youth and Community Centre", "Bridge End", "bridge-end", "Young People's Wellbeing Group; Table Tennis Drop-in; Friendship Club", "A youth and community centre by the canal bridge, open six days a week."),
    G("Millbrook Libraries", "Millbrook Library", "library", "Book Group; Family History Club; Online Forms Help; NHS App Help; Rhyme Time; Life in the UK Test Practice", "The council's library service, with the main library in town and branches in Netherfold and Greenholme."),
    G("Friends of Netherfold Library", "Netherfold", "netherfold-lib", "Family Video Call Help; Toddler Sensory Play; Pop-in Afternoon", "Volunteers who keep Netherfold's branch library busy with groups and events."),
    G("Millbrook Town FC Community Trust", "Millbrook Town", "football-club", "Walking Football; Men's Talking Group; Active Lifestyle Programme", "The football club's charity, using sport to bring people together."),
    G("Millbrook Rugby Club Community Foundation", "Millbrook Rugby", "rugby-club", "Walking Rugby", "The rugby club's community arm, running walking rugby and school sessions."),
    G("Brookside Bowls Club", "Brookside", "bowling-green", "Bowls Taster Sessions", "A friendly bowls club in Brookside Park, with new members always welcome."),
    G("Millbrook Later Life Learning", "Later Life Learning", "civic", "Creative Writing Group; Photography Club; Staying Safe Online; exercise", "A self-help learning club for people no longer in full-time work: members teach and learn from each other."),
    G("Blokes' Breakfast Millbrook", "Blokes'", "market-hall", "Men's Breakfast; Veterans' Wellbeing Group", "A monthly breakfast and chat for men of all ages."),
    G("Millbrook Talking News", "Millbrook", "library", "Talking Newspaper Readers", "A weekly recording of local news for people with sight loss, made by volunteers."),
    G("Low Mill Museum", "Low Mill", "museum", "Mill Museum Volunteers; Heritage Trail Walk; Memory Lane Walk", "A working mill museum run by volunteers, telling the story of Millbrook's weavers."),
    G("Millbrook Canal Society", "Canal Society", "lock-cafe", "Canal Restoration Volunteers; Litter Pick Crew", "Volunteers restoring and caring for the Millbrook canal and its towpath."),
    G("Millbrook Ukulele Club", "Ukulele Club", "spinners-arms", "Ukulele Strummers; Open Mic Night", "Strumming, singing and laughing in the function room of the Spinners Arms."),
    G("Millbrook Veterans' Breakfast Club", "Veterans'", "market-hall", "Veterans' Breakfast Club; Veterans' Befriending", "Ex-forces men and women and their families meeting for breakfast and support."),
    G("Millbrook Pride", "Millbrook Pride", "spinners-arms", "Pride Social; LGBTQ+ Peer Support", "Social and support groups for LGBTQ+ people in and around Millbrook."),
    G("Millbrook Baby Bank", "Millbrook", "st-pauls", "Baby Bank", "Passing on good-quality baby things to families who need them."),
    G("Warm Homes Millbrook", "Warm Homes", "civic", "Warm Homes Advice; Energy Bill Help; Fuel Bank Vouchers", "Helping households in Millbrook keep warm for less."),
    G("Second Home Furniture Project", "Second Home", "drill-hall", "Furniture Reuse Scheme; Moving On Support; volunteering", "Collecting unwanted furniture and passing it on to people setting up home."),
    G("Millbrook Law Centre", "Millbrook", "advice-centre", "Housing Law Clinic; Benefit Appeals Support", "Free legal advice and representation for people who can't afford a lawyer."),
    G("Safe at Home Millbrook", "Safe at Home", "town-hall", "Handyperson Service; Home Adaptations Advice", "Small repairs and adaptations to help older and disabled people stay safe at home."),
    G("Millbrook Community Transport", "Millbrook", "town-hall", "Community Transport Drivers", "Door-to-door transport for people who can't use buses, driven by volunteers."),
    G("Friends of Millbrook Hospital", "Millbrook", "health-centre", "Ward Companions; Charity Shop Volunteers", "A charity supporting patients and staff at Millbrook Hospital, with a shop on the High Street."),
    G("St Mary's Church, Greenholme", "Greenholme", "st-marys", "social; social; food", "The parish church of Greenholme, at the heart of village life."),
    G("Greenholme Institute", "Greenholme", "greenholme-inst", "Sewing Circle; social; chair-exercise", "The village hall in Greenholme, run by a committee of local volunteers."),
    G("St Aidan's Church", "St Aidan's", "st-aidans", "Knit and Natter; Warm Space and Soup; befriending; social", "The parish church of Upper Millbrook, with a busy hall and a welcome for everyone."),
    G("Weavers Row Methodist Church", "Weavers Row", "methodist", "Craft Café; Tea Dance; parents", "A Methodist church whose rooms are used by groups all week."),
    G("Station Road Baptist Church", "Station Road", "baptist", "Free Breakfast Club; Community Supper; social", "A Baptist church near the station, known for its breakfast club and suppers."),
    G("Millbrook Quaker Meeting", "Millbrook Quakers", "quaker", "Mindful Moments; Tea and Talk", "The Quaker meeting in Millbrook, whose meeting house is a quiet space open to all."),
    G("Millbrook Otters Swimming Club", "Otters", "leisure", "Dementia-friendly Swim", "A swimming club for all ages and abilities, from first strokes to masters."),
    G("Pedal Pals Millbrook", "Pedal Pals", "pavilion", "Pedal Pals Led Rides; Beginners' Running Group", "Led bike rides and beginners' running from Brookside Park, for people who'd like to get moving."),
    G("Millbrook Wildlife Watch", "Wildlife Watch", "woods", "Nature Notes Walk; Forest School for Adults; Orchard Friends", "Local naturalists sharing their love of Millbrook's wildlife."),
    G("Millbrook Family Link", "Family Link", "family-hub", "Positive Parenting Course; Parents of Teenagers Group; Young Parents' Group", "Family support workers helping parents through the ups and downs."),
    G("Millbrook SEND Parents' Forum", "SEND Forum", "brookside-hub", "SEND Family Group; Parent Carers' Coffee Morning", "Parents of children with special educational needs and disabilities, supporting each other."),
    G("Eastgate Community Kitchen", "Eastgate", "sikh-centre", "Pay As You Feel Café; Cook and Share", "A community kitchen cutting food waste and bringing people together over a meal."),
    G("Little Stars Baby Loss Support", "Little Stars", "health-centre", "Baby Loss Support Group", "Support for parents who have lost a baby, from parents who have been there."),
    G("Millbrook Dementia Together", "Dementia Together", "town-hall", "Dementia Advice Clinic; Day Club for People with Dementia; Young-onset Dementia Group; memory", "Local support for people living with dementia and their families, from diagnosis onwards."),
    G("Brookside Community Hub", "Brookside", "brookside-hub", "Friday Social; Over-60s Club", "A community hub in the old school building, run by Brookside residents."),
    G("Harbour Counselling Millbrook", "Harbour", "quaker", "Bereaved by Suicide Group; Evening Bereavement Group; Carers' Counselling", "Low-cost counselling and support groups from qualified counsellors."),
    G("Millbrook Heart Support Group", "Millbrook", "leisure", "Heart Health Group", "For people living with heart conditions, meeting after cardiac rehab ends."),
    G("Millbrook MS Group", "Millbrook", "civic", "MS Support Group", "A local group for people with multiple sclerosis, their families and friends."),
    G("Millbrook Fibromyalgia Friends", "Millbrook", "upper-hall", "Fibromyalgia Support Group", "A friendly support group for people living with fibromyalgia."),
    G("Millbrook Epilepsy Circle", "Millbrook", "health-centre", "Epilepsy Support Group", "Support and friendship for people affected by epilepsy."),
    G("Millbrook Brass Band", "Millbrook", "upper-hall", "Brass Band Learners", "A community brass band founded in 1888, with a training band for beginners."),
    G("Millbrook Players", "Millbrook Players", "upper-hall", "Drama Group", "An amateur theatre group putting on three shows a year."),
    G("Upper Millbrook Village Hall", "Upper Millbrook", "upper-hall", "Quiz Night; Sunday Lunch Club; Chair Boccia", "A village hall run by volunteers, with something on most days."),
)
# fmt: on

# For synthetic directories: organisation and venue names made up from parts.
ORG_NOUNS: dict[str, tuple[str, ...]] = {
    "walking": ("Walkers", "Walking Group", "Health Walks", "Striders", "Hill Walkers"),
    "exercise": ("Sports Club", "Active Lives", "Fitness Club", "Community Sports Trust"),
    "chair-exercise": ("Seated Exercise Club", "Gentle Exercise Group", "Move More Group"),
    "befriending": ("Befriending Scheme", "Good Neighbours", "Friendship Line"),
    "sheds": ("Community Shed", "Workshop", "Fix-it Club"),
    "arts": ("Community Choir", "Arts Club", "Craft Group", "Singers", "Art Collective"),
    "gardening": ("Community Garden", "Allotment Society", "Growers", "Green Spaces Group"),
    "food": ("Food Bank", "Community Pantry", "Community Kitchen"),
    "money": ("Money Advice", "Advice Centre", "Benefits Help"),
    "housing": ("Housing Advice", "Tenants' Association", "Housing Support"),
    "carers": ("Carers' Group", "Carers' Network", "Carers' Circle"),
    "bereavement": ("Bereavement Support", "Bereavement Café"),
    "mental-health": ("Peer Support", "Wellbeing Collective", "Wellbeing Group"),
    "digital": ("Digital Buddies", "Tech Help", "Computer Club"),
    "esol": ("English Classes", "Language Café", "Welcome Project"),
    "volunteering": ("Volunteer Centre", "Volunteers", "Community Action"),
    "parents": ("Parent and Toddler Group", "Family Hub", "Families Together"),
    "weight": ("Healthy Living", "Eat Well Group", "Healthy Weight Club"),
    "social": ("Community Association", "Lunch Club", "Social Club", "Community Café"),
    "cancer": ("Cancer Support", "Cancer Café"),
    "memory": ("Memory Café", "Dementia Support"),
    "conditions": ("Health Support Group", "Living Well Group"),
}
ORG_BLURBS = (
    "A volunteer-run group in {place}, Millbrook, offering {what}.",
    "A small local charity based in {place}, offering {what} and a friendly welcome.",
    "Local people in {place} running {what} for their neighbours.",
    "A community organisation offering {what} across Millbrook, based in {place}.",
)
VENUE_PATTERNS = (
    "{area} Community Centre", "St {saint}'s Church Hall", "{street} Methodist Church",
    "{area} Library", "{area} Village Hall", "{street} Community Rooms", "{area} Sports Centre",
    "{area} Family Hub", "{area} Health Centre", "{area} Scout Hut", "The {pub}",
)  # fmt: skip
SAINTS = ("Aidan", "Mary", "Paul", "John", "Hilda", "Chad", "Cuthbert", "Bede", "Oswald", "Wilfrid")
PUBS = ("Spinners Arms", "Weavers' Rest", "Navigation Inn", "Golden Fleece", "Shuttle and Loom")
_VILLAGES = ("Thornleigh", "Greenholme", "Moorview")

_DAY_NAMES = {
    "MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday",
    "SA": "Saturday", "SU": "Sunday",
}  # fmt: skip
_DAY_ORDER = tuple(_DAY_NAMES)
_WEEKDAYS = "MO,TU,WE,TH,FR"
_ORDINALS = {"1": "First", "2": "Second", "3": "Third", "4": "Fourth", "-1": "Last"}
_ATTENDING = {
    "in person": "In person",
    "phone": "By phone",
    "online": "Online, by video call",
    "home": "Home visits, arranged at a time that suits you",
}
_EMAIL_NAMES = ("hello", "info", "contact", "enquiries")


# ---------------------------------------------------------------------------------------------
# Plain-English times and schedules
# ---------------------------------------------------------------------------------------------

Slot = tuple[str, int, str, str, str]  # (freq, interval, byday, opens "HH:MM", closes "HH:MM")


def clock(hhmm: str) -> str:
    """ "10:00" -> "10am", "12:00" -> "12 noon", "13:30" -> "1:30pm"."""
    hour, minute = (int(p) for p in hhmm.split(":")[:2])
    if (hour, minute) == (12, 0):
        return "12 noon"
    if (hour, minute) == (0, 0):
        return "midnight"
    suffix = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    return f"{twelve}{suffix}" if minute == 0 else f"{twelve}:{minute:02d}{suffix}"


def describe(slot: Slot) -> str:
    """A schedule in words: "Tuesdays 10am to 12 noon", "First Thursday of the month, 2pm to 4pm"."""
    freq, interval, byday, opens, closes = slot
    span = f"{clock(opens)} to {clock(closes)}"
    if freq == "MONTHLY":
        ordinal, day = byday[:-2], byday[-2:]
        return f"{_ORDINALS[ordinal]} {_DAY_NAMES[day]} of the month, {span}"
    days = byday.split(",")
    if byday == _WEEKDAYS:
        return f"Monday to Friday, {span}"
    if len(days) == 7:
        return f"Every day, {span}"
    if interval == 2:
        return f"Every other {_DAY_NAMES[days[0]]}, {span}"
    plural = [_DAY_NAMES[d] + "s" for d in days]
    if len(plural) == 1:
        return f"{plural[0]} {span}"
    return f"{', '.join(plural[:-1])} and {plural[-1]}, {span}"


def parse_when(when: str) -> Slot:
    """ "TU 10:00-12:00", "MO,WE 09:00-10:00", "TU/2 18:30-20:00" (fortnightly), "2WE 14:00-16:00"
    or "-1FR 19:00-21:00" (monthly)."""
    days, times = when.split()
    opens, closes = times.split("-")
    if days[0].isdigit() or days[0] == "-":
        return ("MONTHLY", 1, days, opens, closes)
    if days.endswith("/2"):
        return ("WEEKLY", 2, days[:-2], opens, closes)
    return ("WEEKLY", 1, days, opens, closes)


def _fixed(offering: Offering) -> bool:
    """True when the catalogue gives the service's day and time (not just its time)."""
    return bool(offering.when) and not (offering.when or "").startswith("*")


def _minutes(hhmm: str) -> int:
    hour, minute = hhmm.split(":")
    return int(hour) * 60 + int(minute)


def _slug(text: str) -> str:
    """ "Pay As You Feel Café" -> "pay-as-you-feel-cafe"."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower().replace("'", "")).strip("-")


def _term(taxonomy: str, code: str, name: str, description: str) -> Json:
    return {
        "id": str(uuid.uuid5(_NAMESPACE, f"{taxonomy}/{code}")),
        "name": name,
        "description": description,
        "taxonomy_id": str(uuid.uuid5(_NAMESPACE, taxonomy)),
        "term_uri": f"{_TAXONOMY_URI}/{taxonomy}/{code}",
    }


TAXONOMY_NAMES = {
    "support": ("Millbrook directory: kinds of support", "The kinds of support link workers use."),
    "access": ("Millbrook directory: access features", "What a place has for disabled people."),
}
SUPPORT_TERMS: dict[str, Json] = {
    k.code: _term("support", k.code, k.name, k.description) for k in KINDS
}
ACCESS_TERMS: dict[str, Json] = {
    code: _term("access", code, name, description)
    for code, (name, _, description) in FEATURES.items()
}


def taxonomies() -> list[Json]:
    """The two local taxonomies with their terms, as taxonomy documents (taxonomy.json)."""
    terms = {"support": SUPPORT_TERMS, "access": ACCESS_TERMS}
    return [
        {
            "id": str(uuid.uuid5(_NAMESPACE, key)),
            "name": name,
            "description": description,
            "uri": f"{_TAXONOMY_URI}/{key}",
            "taxonomy_terms": list(terms[key].values()),
        }
        for key, (name, description) in TAXONOMY_NAMES.items()
    ]


# ---------------------------------------------------------------------------------------------
# Building documents
# ---------------------------------------------------------------------------------------------


@dataclass
class _Venue:
    location: Json
    name: str
    area: str


@dataclass
class _Org:
    doc: Json
    place: str
    slug: str
    own_domain: bool
    venue: _Venue
    kinds: tuple[Kind, ...] = ()
    virtual: Json | None = None


class _Builder:
    """Makes ids, organisations, venues and services from one seeded random stream."""

    def __init__(self, seed: int, as_of: dt.date) -> None:
        self.rng = random.Random(seed)
        self.as_of = as_of

    def new_id(self) -> str:
        """A random (version 4) UUID from the seeded stream: ``str(uuid.UUID(int=bits, version=4))``,
        written out by hand because that is most of the generator's time otherwise."""
        n = self.rng.getrandbits(128)
        n = (n & ~(0xF000 << 64)) | (4 << 76)  # version 4
        n = (n & ~(0xC000 << 48)) | (0x8000 << 48)  # RFC 4122 variant
        h = f"{n:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    # -- places ---------------------------------------------------------------------------------

    def venue(
        self, name: str, address_1: str, area: str, features: Sequence[str], description: str,
        point: tuple[float, float] | None = None,
    ) -> _Venue:  # fmt: skip
        rng = self.rng
        district, north, east = AREAS[area]
        if point is None:
            point = fictional.point_near(rng, 0.5, fictional.offset(north, east))
        location_id = self.new_id()
        line = f"{address_1}, {area}" if area in _VILLAGES and area not in address_1 else address_1
        location: Json = {
            "id": location_id,
            "location_type": "physical",
            "name": name,
            "description": description,
            "latitude": point[0],
            "longitude": point[1],
            "addresses": [
                {
                    "id": self.new_id(),
                    "location_id": location_id,
                    "address_1": line,
                    "city": fictional.TOWN,
                    "state_province": "West Yorkshire",
                    "postal_code": fictional.postcode_in(rng, district),
                    "country": "GB",
                    "address_type": "physical",
                }
            ],
            "accessibility": [self._access(location_id, f) for f in features],
        }
        return _Venue(location, name, area)

    def _access(self, location_id: str, feature: str) -> Json:
        code, _, details = feature.partition(":")
        code = code.strip()
        short, description, _ = FEATURES[code]
        access_id = self.new_id()
        doc: Json = {
            "id": access_id,
            "location_id": location_id,
            "accessibility": short,
            "description": description,
        }
        if details.strip():
            doc["details"] = details.strip()
        doc["attributes"] = [
            {
                "id": self.new_id(),
                "link_id": access_id,
                "taxonomy_term_id": ACCESS_TERMS[code]["id"],
                "link_type": "access_feature",
                "taxonomy_term": ACCESS_TERMS[code],
            }
        ]
        return doc

    def synthetic_venue(self) -> _Venue:
        rng = self.rng
        area = rng.choice(tuple(AREAS))
        street = rng.choice(STREETS)
        name = rng.choice(VENUE_PATTERNS).format(
            area="Millbrook" if area == "Town Centre" else area,
            street=street,
            saint=rng.choice(SAINTS),
            pub=rng.choice(PUBS),
        )
        _, north, east = AREAS[area]
        if rng.random() < 0.15:  # out towards the edge of the district
            point = fictional.point_near(rng, 9.5)
        else:
            point = fictional.point_near(rng, 1.5, fictional.offset(north, east))
        features = rng.sample(tuple(FEATURES), rng.choice((0, 1, 2, 2, 3, 3, 4, 5)))
        description = f"{name}, on {street}."
        return self.venue(
            name, f"{rng.randint(1, 160)} {street}", area, features, description, point
        )

    def virtual(self, org: _Org) -> Json:
        if org.virtual is None:
            org.virtual = {
                "id": self.new_id(),
                "location_type": "virtual",
                "name": f"{org.doc['name']}: by phone and online",
                "description": "Provided by phone or online; there is no building to visit.",
            }
        return org.virtual

    # -- organisations ----------------------------------------------------------------------------

    def org(
        self, name: str, description: str, place: str, venue: _Venue, kinds: tuple[Kind, ...] = ()
    ) -> _Org:
        slug = _slug(name)
        own_domain = self.rng.random() < 0.75
        if own_domain:
            email, website = f"hello@{slug}.millbrook.example", f"https://{slug}.millbrook.example/"
        else:
            email, website = f"{slug}@example.org", f"https://www.example.org/{slug}/"
        doc: Json = {
            "id": self.new_id(),
            "name": name,
            "description": description,
            "email": email,
            "website": website,
        }
        return _Org(doc, place, slug, own_domain, venue, kinds)

    def synthetic_org(self, venues: Sequence[_Venue]) -> _Org:
        rng = self.rng
        kind = rng.choice(KINDS)
        kinds = (kind, *rng.sample(KINDS, rng.choice((0, 0, 0, 1, 2))))
        place = rng.choice(("Millbrook", *[a for a in AREAS if a != "Town Centre"], *STREETS))
        name = f"{place} {rng.choice(ORG_NOUNS[kind.code])}"
        what = " and ".join(k.name.lower() for k in dict.fromkeys(kinds))
        return self.org(
            name,
            rng.choice(ORG_BLURBS).format(place=place, what=what),
            place,
            rng.choice(venues),
            kinds,
        )

    # -- services ---------------------------------------------------------------------------------

    def _slots(self, kind: Kind, offering: Offering) -> Slot:
        rng = self.rng
        if _fixed(offering):
            return parse_when(offering.when or "")
        if offering.when:  # "* HH:MM-HH:MM": that time, on a day of the kind's
            window = offering.when.split()[1]
        elif offering.mode in ("home", "phone"):
            window = rng.choice(("09:00-17:00", "09:30-16:30", "10:00-16:00"))
        else:
            window = rng.choice(kind.times)
        opens, closes = window.split("-")
        if _minutes(closes) - _minutes(opens) >= 300:  # office hours
            return ("WEEKLY", 1, _WEEKDAYS, opens, closes)
        day = rng.choice(kind.days)
        r = rng.random()
        if r < 0.68:
            return ("WEEKLY", 1, day, opens, closes)
        if r < 0.80:
            other = rng.choice([d for d in kind.days if d != day])
            both = sorted((day, other), key=_DAY_ORDER.index)
            return ("WEEKLY", 1, ",".join(both), opens, closes)
        if r < 0.90:
            return ("WEEKLY", 2, day, opens, closes)
        return ("MONTHLY", 1, rng.choice(("1", "2", "3", "-1")) + day, opens, closes)

    def _schedule(self, sid: str, sal_id: str | None, slot: Slot, mode: str) -> Json:
        rng = self.rng
        freq, interval, byday, opens, closes = slot
        doc: Json = {"id": self.new_id(), "service_id": sid}
        if sal_id:
            doc["service_at_location_id"] = sal_id
        if interval == 2:  # a fortnightly rule needs its first date
            weekday = _DAY_ORDER.index(byday)
            start = self.as_of - dt.timedelta(days=rng.randint(28, 120))
            start += dt.timedelta(days=(weekday - start.weekday()) % 7)
            doc["dtstart"] = start.isoformat()
        doc.update(
            {
                "freq": freq,
                "interval": interval,
                "byday": byday,
                "opens_at": f"{opens}:00",
                "closes_at": f"{closes}:00",
                "description": describe(slot),
                "attending_type": _ATTENDING[mode],
            }
        )
        if freq == "WEEKLY" and rng.random() < 0.2:
            doc["notes"] = rng.choice(
                (
                    "Not on bank holidays.",
                    "Closed for two weeks in August.",
                    "No sessions between Christmas and New Year.",
                )
            )
        return doc

    def _dates(self) -> tuple[str, str]:
        rng = self.rng
        back = (
            rng.randint(3, 330) if rng.random() < 0.78 else rng.randint(STALE_AFTER_DAYS + 15, 900)
        )
        assured = self.as_of - dt.timedelta(days=back)
        modified = min(
            assured + dt.timedelta(days=rng.randint(0, 20)), self.as_of - dt.timedelta(days=1)
        )
        stamp = f"{modified.isoformat()}T{rng.randint(8, 18):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}.{rng.randrange(1000):03d}Z"
        return assured.isoformat(), stamp

    def _contact(self, sid: str, kind: Kind, mode: str) -> Json:
        rng = self.rng
        contact_id = self.new_id()
        phones: list[Json] = []
        if mode == "phone" or rng.random() < 0.45:
            phones.append(
                {
                    "id": self.new_id(),
                    "contact_id": contact_id,
                    "number": fictional.landline(rng),
                    "description": rng.choice(
                        (
                            "Office, Monday to Friday, 9am to 5pm",
                            "Main line; leave a message and we'll ring back",
                            "Office and bookings",
                        )
                    ),
                }
            )
        if not phones or rng.random() < 0.3:
            phones.append(
                {
                    "id": self.new_id(),
                    "contact_id": contact_id,
                    "number": fictional.mobile(rng),
                    "description": rng.choice(
                        ("Mobile; texts welcome", "Mobile, answered on session days", "Mobile")
                    ),
                }
            )
        return {
            "id": contact_id,
            "service_id": sid,
            "name": fictional.person_name(rng),
            "title": rng.choice(kind.titles),
            "phones": phones,
        }

    def service(self, org: _Org, offering: Offering, name: str, others: Sequence[_Venue]) -> Json:
        rng = self.rng
        kind = KIND_BY_CODE[offering.kind]
        sid = self.new_id()
        mode = offering.mode
        if mode in ("phone", "online"):
            locations = [self.virtual(org)]
        else:
            locations = [org.venue.location]
            if mode == "in person" and not _fixed(offering) and others and rng.random() < 0.1:
                extra = rng.choice(others)
                if extra.location["id"] != org.venue.location["id"]:
                    locations.append(extra.location)
        contacts = [self._contact(sid, kind, mode)]
        if rng.random() < 0.2:
            contacts.append(self._contact(sid, kind, "phone"))
        first_name = contacts[0]["name"].split()[0]

        venue_name = locations[0].get("name", "") if mode == "in person" else ""
        parts = [offering.text.format(venue=venue_name)]
        if rng.random() < 0.6:
            parts.append(rng.choice(kind.extras))
        parts.append(rng.choice(JOINING[offering.join or kind.join]).format(contact=first_name))
        assured, modified = self._dates()

        doc: Json = {
            "id": sid,
            "organization_id": org.doc["id"],
            "name": name,
            "description": " ".join(parts),
        }
        if org.own_domain:
            doc["url"] = f"https://{org.slug}.millbrook.example/{_slug(name)}"
            doc["email"] = f"{rng.choice(_EMAIL_NAMES)}@{org.slug}.millbrook.example"
        else:
            doc["url"] = f"https://www.example.org/{org.slug}/{_slug(name)}"
            doc["email"] = org.doc["email"]
        doc["status"] = "active"
        low, high = offering.ages if offering.ages is not None else rng.choice(kind.ages)
        if low is not None:
            doc["minimum_age"] = low
        if high is not None:
            doc["maximum_age"] = high
        doc["assured_date"] = assured
        doc["assurer_email"] = ASSURER_EMAIL
        if rng.random() < 0.05:
            doc["alert"] = rng.choice(ALERTS)
        doc["last_modified"] = modified

        sals = [
            {"id": self.new_id(), "service_id": sid, "location_id": loc["id"], "location": loc}
            for loc in locations
        ]
        first_slot = self._slots(kind, offering)
        schedules = [
            self._schedule(sid, sals[0]["id"] if len(sals) > 1 else None, first_slot, mode)
        ]
        freq, interval, first_days, opens, closes = first_slot
        for sal in sals[1:]:  # another place, another day (or the same office hours)
            if first_days == _WEEKDAYS:
                slot = first_slot
            else:
                day = rng.choice([d for d in kind.days if d not in first_days] or list(kind.days))
                slot = (
                    freq,
                    interval,
                    day if freq == "WEEKLY" else first_days[:-2] + day,
                    opens,
                    closes,
                )
            schedules.append(self._schedule(sid, sal["id"], slot, mode))
        if (
            mode == "in person"
            and len(sals) == 1
            and not _fixed(offering)
            and first_days != _WEEKDAYS
            and rng.random() < 0.08
        ):  # a second weekly session at another time
            window = offering.when.split()[1] if offering.when else rng.choice(kind.times)
            more_opens, more_closes = window.split("-")
            day = rng.choice(kind.days)
            if day not in first_days and _minutes(more_closes) - _minutes(more_opens) < 300:
                slot = ("WEEKLY", 1, day, more_opens, more_closes)
                schedules.append(self._schedule(sid, None, slot, mode))
        doc["schedules"] = schedules
        if mode != "in person":
            doc["service_areas"] = [
                {
                    "id": self.new_id(),
                    "service_id": sid,
                    "name": "Millbrook and district",
                    "service_area": "Millbrook, with Thornleigh, Greenholme and Moorview",
                }
            ]
        doc["service_at_locations"] = sals

        codes = ["en"]
        if offering.languages:
            codes += [c for c in offering.languages if c != "en"]
        elif rng.random() < kind.other_languages:
            for _ in range(rng.choice((1, 1, 2))):
                code = rng.choice(_OTHER_LANGUAGES)
                if code not in codes:
                    codes.append(code)
        doc["languages"] = [
            {"id": self.new_id(), "service_id": sid, "name": LANGUAGES[c], "code": c} for c in codes
        ]
        doc["organization"] = org.doc
        if rng.random() < 0.35:
            doc["funding"] = [
                {"id": self.new_id(), "service_id": sid, "source": rng.choice(FUNDERS)}
            ]
        costs = offering.cost if offering.cost is not None else rng.choice(kind.costs)
        doc["cost_options"] = [
            {
                "id": self.new_id(),
                "service_id": sid,
                "option": option,
                "amount": amount,
                "amount_description": text,
            }
            for option, amount, text in costs
        ]
        doc["contacts"] = contacts
        doc["attributes"] = [
            {
                "id": self.new_id(),
                "link_id": sid,
                "taxonomy_term_id": SUPPORT_TERMS[code]["id"],
                "link_type": "kind_of_support",
                "taxonomy_term": SUPPORT_TERMS[code],
            }
            for code in dict.fromkeys((kind.code, *offering.also))
        ]
        return doc


# ---------------------------------------------------------------------------------------------
# The two directories
# ---------------------------------------------------------------------------------------------


def catalogue() -> dict[str, Offering]:
    """Every offering by its (template) name; names are unique across kinds."""
    found: dict[str, Offering] = {}
    for kind in KINDS:
        for offering in kind.offerings:
            if offering.name in found:
                raise ValueError(f"{offering.name!r} is in the catalogue twice")
            found[offering.name] = offering
    return found


def sample_plan(rng: random.Random) -> list[tuple[OrgSpec, Offering]]:
    """Which organisation runs which catalogue service: every service exactly once."""
    by_name = catalogue()
    pinned: dict[str, OrgSpec] = {}
    for org in ORGANISATIONS:
        for item in org.offers:
            if item in KIND_BY_CODE:
                continue
            if item not in by_name:
                raise KeyError(f"{org.name} offers {item!r}, which is not in the catalogue")
            if item in pinned:
                raise ValueError(f"{item!r} is offered by {pinned[item].name} and {org.name}")
            pinned[item] = org
    pools = {k.code: [o for o in k.offerings if o.name not in pinned] for k in KINDS}
    for pool in pools.values():
        rng.shuffle(pool)
    plan: dict[str, list[Offering]] = {org.name: [] for org in ORGANISATIONS}
    for org in ORGANISATIONS:
        for item in org.offers:
            if item in KIND_BY_CODE:
                if not pools[item]:
                    raise ValueError(f"The catalogue has too few {item!r} services for {org.name}")
                plan[org.name].append(pools[item].pop())
            else:
                plan[org.name].append(by_name[item])
    for kind in KINDS:
        takers = [org for org in ORGANISATIONS if kind.code in org.offers]
        if pools[kind.code] and not takers:
            raise ValueError(f"No organisation offers {kind.code!r} for the services left over")
        for offering in pools[kind.code]:
            org = min(takers, key=lambda g: len(plan[g.name]))
            plan[org.name].append(offering)
    return [(org, o) for org in ORGANISATIONS for o in plan[org.name]]


def sample_services(seed: int = SAMPLE_SEED, as_of: dt.date = AS_OF) -> list[Json]:
    """The sample directory's services: every catalogue service once, run by the hand-written
    organisations at the hand-written venues. Nested documents (organisations, locations, terms)
    are shared between services, so treat the result as read-only."""
    build = _Builder(seed, as_of)
    venues = {
        v.key: build.venue(v.name, v.address, v.area, v.features, v.description) for v in VENUES
    }
    orgs = {
        spec.name: build.org(spec.name, spec.description, spec.short, venues[spec.venue])
        for spec in ORGANISATIONS
    }
    others = list(venues.values())
    return [
        build.service(orgs[spec.name], offering, offering.name.format(place=spec.short), others)
        for spec, offering in sample_plan(build.rng)
    ]


def generate_services(
    services: int, organisations: int, seed: int = 1, as_of: dt.date = AS_OF
) -> Iterator[Json]:
    """A synthetic directory, one service at a time: ``organisations`` organisations (each
    running at least one service while there are enough) at ``services // 8`` venues (at least
    20). Nested documents are shared between services, so treat them as read-only."""
    if services < 0 or organisations < 1:
        raise ValueError("Need at least one organisation and no fewer than zero services.")
    build = _Builder(seed, as_of)
    rng = build.rng
    venues = [build.synthetic_venue() for _ in range(max(20, services // 8))]
    orgs = [build.synthetic_org(venues) for _ in range(organisations)]
    for i in range(services):
        org = orgs[i] if i < len(orgs) else rng.choice(orgs)
        kind = rng.choice(org.kinds)
        offering = rng.choice(kind.offerings)
        name = offering.name.format(place=org.place)
        if "{place}" not in offering.name and rng.random() < 0.4:
            name = f"{org.place} {name}"
        others = venues if rng.random() < 0.1 else ()
        yield build.service(org, offering, name, others)


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def page_header(total: int) -> Json:
    return {
        "total_items": total,
        "total_pages": 1,
        "page_number": 1,
        "size": total,
        "first_page": True,
        "last_page": True,
        "empty": total == 0,
    }


def write_directory(
    out: Path | str | IO[str], services: Iterable[Json], total: int, *, indent: int | None = None
) -> int:
    """Write the paged list, one service at a time (the whole file is never held in memory).
    ``total`` must be the number of services; returns how many were written."""
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8", newline="\n") as handle:
            return write_directory(handle, services, total, indent=indent)
    header = json.dumps(page_header(total), ensure_ascii=False, indent=indent)
    out.write(
        header[:-1].rstrip() + ("," if indent is None else ",\n" + " " * indent) + '"contents": ['
    )
    encode: Callable[[Json], str]
    if indent:
        encode = json.JSONEncoder(ensure_ascii=False, indent=indent).encode
    else:  # the same text as json.dumps(separators=(",", ":"), ensure_ascii=False), faster
        encoder = msgspec.json.Encoder()
        encode = lambda service: encoder.encode(service).decode()  # noqa: E731

    pad = "\n" + " " * (2 * indent) if indent else "\n"
    count = 0
    for service in services:
        text = encode(service)
        if indent:
            text = text.replace("\n", pad)
        out.write(("," if count else "") + pad + text)
        count += 1
    out.write(("\n" + " " * indent if indent else "\n") + "]\n}\n")
    if count != total:
        raise ValueError(f"Wrote {count} services, but the header says {total}.")
    return count


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="the JSON file to write")
    parser.add_argument("--sample", action="store_true", help="the hand-written sample directory")
    parser.add_argument("--services", type=int, default=1000, help="how many services (synthetic)")
    parser.add_argument(
        "--organisations",
        type=int,
        default=None,
        help="how many organisations (synthetic; default services / 5)",
    )
    parser.add_argument("--seed", type=int, default=SAMPLE_SEED)
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=AS_OF,
        help="the day the directory is as of (YYYY-MM-DD)",
    )
    parser.add_argument("--indent", type=int, default=None, help="pretty-print (the sample uses 1)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if args.sample:
        services = sample_services(args.seed, args.as_of)
        count = write_directory(
            args.out, services, len(services), indent=1 if args.indent is None else args.indent
        )
        organisations = len({s["organization"]["id"] for s in services})
    else:
        organisations = args.organisations or max(1, args.services // 5)
        stream = generate_services(args.services, organisations, args.seed, args.as_of)
        count = write_directory(args.out, stream, args.services, indent=args.indent)
    seconds = time.perf_counter() - started
    size = args.out.stat().st_size
    print(
        f"{args.out}: {count:,} services from {organisations:,} organisations, "
        f"{size / 1_000_000:.1f} MB in {seconds:.1f} s ({count / max(seconds, 1e-9):,.0f} services/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
