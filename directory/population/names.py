"""Synthetic names with frequency weights, grouped by naming tradition.

A household draws its tradition first and then its names from it, so that a child is
"Aisha Begum" or "Dafydd Llewellyn" rather than an implausible mixture; a share of
children in every tradition get a name from the general English list, as in life.
The lists deliberately carry the spellings that break naive software: apostrophes,
hyphens, accents, Polish and South Slavic letters, and names that differ by one letter.
Weights are relative within a list (roughly per 10,000 people), not exact statistics.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True, slots=True)
class Weighted:
    """A list of values with cumulative weights, for fast `random.choices`."""

    values: tuple[str, ...]
    cumulative: tuple[float, ...]
    total: float

    @classmethod
    def of(cls, pairs: Sequence[tuple[str, float]]) -> Weighted:
        cumulative = tuple(accumulate(w for _, w in pairs))
        return cls(tuple(v for v, _ in pairs), cumulative, cumulative[-1])

    def pick(self, rng: random.Random) -> str:
        # What random.choices does for k=1, without its per-call overhead: this is the
        # innermost call of the population, made tens of millions of times.
        return self.values[bisect_right(self.cumulative, rng.random() * self.total)]


@dataclass(frozen=True, slots=True)
class Tradition:
    name: str
    family: Weighted
    female: Weighted
    male: Weighted


def _w(text: str) -> list[tuple[str, float]]:
    """Parse "Smith 126, Jones 100" into pairs; keeps the tables below readable."""
    pairs = []
    for item in text.split(","):
        value, _, weight = item.strip().rpartition(" ")
        pairs.append((value, float(weight)))
    return pairs


_ENGLISH_FAMILY = _w(
    "Smith 126, Jones 100, Williams 80, Taylor 72, Brown 67, Davies 66, Evans 52, Wilson 48,"
    " Thomas 47, Johnson 46, Roberts 46, Robinson 40, Thompson 40, Wright 39, Walker 38,"
    " White 36, Edwards 35, Hughes 35, Green 34, Hall 33, Lewis 33, Harris 33, Clarke 32,"
    " Patel 31, Jackson 30, Wood 30, Turner 28, Martin 28, Cooper 27, Hill 27, Ward 27,"
    " Morris 26, Moore 26, Clark 25, Lee 25, King 25, Baker 24, Harrison 24, Morgan 23,"
    " Allen 23, James 23, Scott 22, Phillips 22, Watson 22, Davis 21, Parker 21, Price 20,"
    " Bennett 20, Young 20, Griffiths 19, Mitchell 19, Kelly 19, Cook 19, Carter 19,"
    " Richardson 18, Bailey 18, Collins 18, Bell 18, Shaw 18, Murphy 17, Miller 17,"
    " Cox 17, Richards 17, Khan 17, Marshall 16, Anderson 16, Simpson 16, Ellis 16,"
    " Adams 16, Singh 16, Begum 15, Wilkinson 15, Foster 15, Chapman 15, Powell 15,"
    " Webb 15, Rogers 14, Gray 14, Mason 14, Ali 14, Hunt 14, Hussain 14, Campbell 14,"
    " Matthews 14, Owen 14, Palmer 13, Holmes 13, Mills 13, Barnes 13, Knight 13,"
    " Lloyd 13, Butler 13, Russell 13, Barker 13, Fisher 13, Stevens 12, Jenkins 12,"
    " Dixon 12, Fletcher 12, Fox 12, Howard 12, Pearson 12, Hamilton 11, Kaur 11,"
    " Ahmed 11, Gibson 11, Philips 4, Jonson 2, Smyth 3, Thomson 8, Reid 10, Grant 9,"
    " Hartley 8, Ashworth 6, Whitfield 5, Fairbrother 3, Oldroyd 2, Holroyd 3,"
    " Sutcliffe 5, Greenwood 7, Blackburn 6, Pemberton 4, Trelawny 1, Penrose 2,"
    " Pascoe 3, Nancarrow 1, Tregear 1, Smith-Jones 2, Lloyd-Webber 1, Bowes-Lyon 1,"
    " Armstrong-Jones 1, Fforde 1, Featherstonehaugh 1, D'Arcy 2, St John 2"
)
_ENGLISH_FEMALE = _w(
    "Olivia 45, Amelia 44, Isla 38, Ava 36, Mia 30, Ivy 28, Lily 28, Isabella 26, Rosie 24,"
    " Sophia 24, Grace 23, Freya 22, Willow 21, Florence 21, Emily 20, Ella 19, Poppy 19,"
    " Evie 18, Elsie 18, Charlotte 18, Evelyn 17, Sienna 16, Daisy 16, Phoebe 15,"
    " Sophie 15, Alice 15, Harper 14, Matilda 14, Ruby 14, Emilia 13, Maya 13, Millie 13,"
    " Isabelle 12, Eva 12, Luna 12, Jessica 11, Chloe 11, Chloé 2, Zoe 6, Zoë 4, Renée 1,"
    " Hannah 10, Lucy 10, Megan 9, Amber 9, Holly 8, Eleanor 8, Imogen 7, Niamh 5,"
    " Aoife 3, Mary-Jane 1, Lily-Rose 3, Ellie-Mae 2, Ann-Marie 1, Esmé 2, Beatrix 3,"
    " Maisie 8, Molly 9, Scarlett 9, Summer 5, Leah 7, Abigail 6, Georgia 6, Katie 5,"
    " Jade 4, Chantelle 2, Kayleigh 2, Shannon 2, Tia 3, Aaliyah 4, Nevaeh 1"
)
_ENGLISH_MALE = _w(
    "Oliver 45, George 43, Noah 42, Arthur 40, Muhammad 38, Leo 37, Oscar 33, Harry 32,"
    " Archie 30, Jack 30, Henry 29, Charlie 28, Freddie 27, Theodore 27, Thomas 25,"
    " Finley 24, Theo 24, Alfie 23, Jacob 22, William 22, Isaac 21, Tommy 20, Joshua 19,"
    " James 19, Lucas 19, Alexander 18, Arlo 17, Teddy 17, Albie 16, Roman 16, Max 15,"
    " Hudson 15, Edward 14, Mason 14, Reggie 14, Ronnie 13, Louie 13, Daniel 12,"
    " Joseph 12, Samuel 12, Ethan 12, Harrison 11, Dylan 11, Riley 11, Jake 10, Kai 9,"
    " Logan 9, Luke 8, Connor 8, Callum 8, Kyle 5, Liam 7, Jayden 5, Ryan 6, Jamie 6,"
    " Lewis 6, Nathan 5, Owen 6, Rhys 4, Seán 2, Ciarán 1, José 2, Jean-Luc 1,"
    " Billy-Joe 1, Zachary 6, Jenson 5, Elijah 8, Ezra 6, Otis 5, Rory 6, Sonny 5, Stanley 6"
)
_WELSH_FAMILY = _w(
    "Jones 40, Williams 30, Davies 28, Evans 20, Thomas 18, Roberts 15, Lewis 12,"
    " Hughes 12, Morgan 10, Griffiths 10, Price 8, Llewellyn 6, Llywelyn 2, Pritchard 5,"
    " Bowen 5, Vaughan 4, Rees 6, Rhys 3, Parry 5, Pugh 4, Powell 4, Gwynne 2, Prosser 2,"
    " Bevan 3, Jenkins 6, Howells 3, Ap Gwilym 1, Ffoulkes 1"
)
_WELSH_FEMALE = _w(
    "Ffion 10, Cerys 10, Seren 10, Megan 8, Gwenllian 2, Siân 6, Sian 3, Nia 8, Carys 6,"
    " Eleri 4, Angharad 4, Bethan 6, Catrin 6, Lowri 6, Mali 6, Alaw 2, Gwen 4, Elin 6,"
    " Rhiannon 4, Non 1, Efa 3"
)
_WELSH_MALE = _w(
    "Rhys 10, Dafydd 8, Dylan 10, Gethin 5, Ioan 6, Osian 6, Iwan 4, Gruffudd 3,"
    " Tomos 6, Llŷr 1, Cai 5, Elis 5, Harri 5, Emyr 2, Aled 4, Owain 5, Huw 4, Evan 6"
)
_IRISH_FAMILY = _w(
    "Murphy 30, Kelly 25, O'Brien 22, O'Sullivan 15, Walsh 18, O'Connor 16, Ryan 14,"
    " O'Neill 14, Byrne 12, McCarthy 12, Doyle 10, Gallagher 10, McLaughlin 8,"
    " Ó Súilleabháin 1, Mac Giolla 1, Ní Bhriain 1, O'Donnell 8, Fitzgerald 8, Quinn 8,"
    " Kavanagh 6, McGrath 6, Brennan 6, Flanagan 5, Donoghue 4, O'Donoghue 4"
)
_IRISH_FEMALE = _w(
    "Aoife 10, Niamh 10, Saoirse 8, Siobhán 6, Caoimhe 5, Róisín 5, Orla 6, Ciara 8,"
    " Clodagh 3, Sinéad 4, Éabha 2, Aisling 4, Gráinne 2, Méabh 2, Erin 8, Grace 6"
)
_IRISH_MALE = _w(
    "Seán 8, Sean 8, Ciarán 5, Oisín 5, Darragh 5, Cillian 5, Pádraig 3, Eoin 5,"
    " Conor 8, Cathal 3, Ronan 5, Fionn 4, Tadhg 3, Liam 6, Patrick 5, Declan 4"
)
_SOUTH_ASIAN_FAMILY = _w(
    "Patel 40, Khan 40, Begum 30, Singh 28, Kaur 20, Hussain 28, Ahmed 26, Ali 24,"
    " Chaudhry 8, Chowdhury 8, Shah 12, Sharma 10, Akhtar 10, Iqbal 10, Mahmood 8,"
    " Rahman 12, Islam 10, Uddin 8, Miah 10, Bibi 6, Mistry 5, Gill 6, Sandhu 4,"
    " D'Souza 4, D'Costa 2, Fernandes 3, Kumar 8, Gupta 5, Mehta 4, Desai 4, Rana 3"
)
_SOUTH_ASIAN_FEMALE = _w(
    "Aisha 12, Fatima 12, Maryam 12, Zainab 10, Hafsa 6, Amira 6, Inaya 8, Anaya 8,"
    " Aaradhya 3, Priya 6, Simran 5, Harleen 3, Jasmin 5, Noor 8, Sana 6, Ayesha 6,"
    " Khadija 6, Safiya 4, Zara 8, Riya 5, Diya 4, Ishani 3, Anika 4, Nusrat 2"
)
_SOUTH_ASIAN_MALE = _w(
    "Muhammad 25, Mohammed 18, Mohammad 6, Ibrahim 10, Yusuf 10, Ayaan 8, Zayn 8,"
    " Ahmad 6, Hamza 8, Arjun 6, Aarav 5, Rohan 5, Harjeet 2, Gurpreet 2, Jaskaran 2,"
    " Omar 8, Ali 6, Rayyan 6, Dev 4, Vihaan 3, Ishaan 4, Kabir 4, Imran 4, Bilal 5"
)
_EASTERN_EUROPEAN_FAMILY = _w(
    "Nowak 10, Kowalski 8, Kowalska 6, Wiśniewski 6, Wiśniewska 4, Wójcik 5,"
    " Kamiński 4, Lewandowski 5, Zieliński 3, Szymański 3, Dąbrowski 3, Woźniak 3,"
    " Popescu 6, Ionescu 4, Popa 4, Dumitru 3, Stan 2, Ivanova 4, Ivanov 4, Petrova 2,"
    " Horváth 4, Nagy 4, Kovács 3, Kovačević 3, Novak 4, Jovanović 2, Petrauskas 3,"
    " Kazlauskas 2, Bērziņš 2, Kalniņš 1, Dvořák 2, Novotný 2, Shevchenko 2"
)
_EASTERN_EUROPEAN_FEMALE = _w(
    "Zuzanna 6, Zofia 6, Maja 6, Julia 6, Lena 6, Hanna 5, Amelia 4, Oliwia 5,"
    " Alicja 4, Małgorzata 2, Agnieszka 2, Ioana 4, Maria 6, Elena 4, Andreea 3,"
    " Gabija 2, Emilija 3, Anna 6, Viktória 2, Lucie 3, Tereza 2, Ana 3, Jelena 2"
)
_EASTERN_EUROPEAN_MALE = _w(
    "Jakub 8, Antoni 6, Jan 6, Szymon 5, Filip 5, Kacper 5, Mateusz 4, Łukasz 3,"
    " Wojciech 2, Andrei 5, Ștefan 2, David 5, Matei 3, Lukas 4, Matas 3, Dominik 4,"
    " Tomáš 3, Marek 3, Luka 4, Nikola 3, Dmytro 2, Bence 2, Ádám 2"
)
_WEST_AFRICAN_FAMILY = _w(
    "Okafor 6, Adeyemi 6, Okonkwo 5, Adebayo 6, Oluwaseun 2, Mensah 6, Owusu 6, Boateng 5,"
    " Asante 5, Osei 5, Nwosu 4, Eze 4, Obi 4, Abubakar 3, Bello 3, Ogunleye 3,"
    " Oyelaran 2, Danso 3, Appiah 4, Acheampong 3, Adjei 3, Okoro 3, Chukwu 3, Diallo 3"
)
_WEST_AFRICAN_FEMALE = _w(
    "Ifeoluwa 3, Chiamaka 4, Adaeze 3, Oluwatobi 2, Tolani 2, Esi 3, Ama 4, Akosua 3,"
    " Abena 3, Blessing 4, Precious 3, Favour 3, Amara 5, Zuri 2, Nneka 3, Temitope 3"
)
_WEST_AFRICAN_MALE = _w(
    "Chinedu 3, Oluwadamilare 2, Tobi 4, Emeka 4, Kwame 4, Kofi 4, Kwabena 3, Yaw 3,"
    " Tunde 3, Ayodele 3, David 5, Daniel 5, Samuel 4, Emmanuel 5, Ebenezer 2, Ikenna 3"
)
_SOMALI_FAMILY = _w(
    "Mohamed 10, Ahmed 8, Abdi 8, Hassan 8, Hussein 6, Ali 6, Omar 6, Farah 6, Warsame 4,"
    " Abdullahi 5, Jama 5, Nur 4, Osman 4, Aden 4, Yusuf 4, Ismail 4, Guled 2, Egal 2"
)
_SOMALI_FEMALE = _w(
    "Hodan 4, Fadumo 4, Hibaaq 2, Ayan 4, Sagal 3, Ifrah 3, Nasra 3, Hamdi 3, Sumaya 3,"
    " Deeqa 2, Anisa 3, Ikran 2, Layla 3, Maryan 3"
)
_SOMALI_MALE = _w(
    "Abdirahman 4, Abdullahi 4, Mohamed 6, Ahmed 4, Liban 3, Guled 2, Mahad 3, Yasin 3,"
    " Hamza 3, Bilal 3, Ayub 2, Zakariye 2, Khalid 3, Ilyas 2"
)
_CHINESE_FAMILY = _w(
    "Wang 8, Li 8, Zhang 7, Chen 7, Liu 6, Yang 4, Huang 4, Zhao 3, Wu 4, Zhou 3, Lin 3,"
    " Chan 6, Wong 6, Cheung 4, Lam 4, Leung 3, Ng 3, Ho 3, Tang 3, Yip 2, Xu 3"
)
_CHINESE_FEMALE = _w(
    "Mei 3, Xinyi 3, Yutong 2, Zihan 2, Jiayi 2, Wing 2, Hoi Yan 1, Lok Yi 1, Emily 4,"
    " Chloe 3, Grace 3, Isabella 2, Yan 2, Ling 2"
)
_CHINESE_MALE = _w(
    "Hao 3, Yichen 2, Zihao 2, Junjie 2, Haoran 2, Ka Ho 1, Chun Kit 1, Ethan 4, Lucas 3,"
    " Ryan 3, Jayden 2, Wei 3, Ming 2, Jun 2"
)
_PORTUGUESE_FAMILY = _w(
    "Silva 8, Santos 6, Ferreira 5, Pereira 5, Oliveira 4, Costa 4, Rodrigues 4,"
    " Gonçalves 3, Gomes 3, Lopes 3, Martins 3, Sousa 3, Fernández 2, García 3, López 2,"
    " Muñoz 1, Ruiz 2, Díaz 2, João 1"
)
_PORTUGUESE_FEMALE = _w(
    "Maria 6, Beatriz 4, Inês 4, Leonor 3, Matilde 3, Lucía 3, Sofía 3, Carolina 3,"
    " Mariana 3, Ana 4, Joana 3, Renée 1"
)
_PORTUGUESE_MALE = _w(
    "José 6, João 5, Tomás 4, Rodrigo 4, Martim 3, Santiago 3, Diego 3, Gonçalo 2,"
    " Afonso 2, Pedro 4, Rafael 4, Duarte 2, Íñigo 1"
)


def _tradition(
    name: str,
    family: list[tuple[str, float]],
    female: list[tuple[str, float]],
    male: list[tuple[str, float]],
) -> Tradition:
    return Tradition(name, Weighted.of(family), Weighted.of(female), Weighted.of(male))


TRADITIONS: tuple[Tradition, ...] = (
    _tradition("english", _ENGLISH_FAMILY, _ENGLISH_FEMALE, _ENGLISH_MALE),
    _tradition("welsh", _WELSH_FAMILY, _WELSH_FEMALE, _WELSH_MALE),
    _tradition("irish", _IRISH_FAMILY, _IRISH_FEMALE, _IRISH_MALE),
    _tradition("south_asian", _SOUTH_ASIAN_FAMILY, _SOUTH_ASIAN_FEMALE, _SOUTH_ASIAN_MALE),
    _tradition(
        "eastern_european",
        _EASTERN_EUROPEAN_FAMILY,
        _EASTERN_EUROPEAN_FEMALE,
        _EASTERN_EUROPEAN_MALE,
    ),
    _tradition("west_african", _WEST_AFRICAN_FAMILY, _WEST_AFRICAN_FEMALE, _WEST_AFRICAN_MALE),
    _tradition("somali", _SOMALI_FAMILY, _SOMALI_FEMALE, _SOMALI_MALE),
    _tradition("chinese", _CHINESE_FAMILY, _CHINESE_FEMALE, _CHINESE_MALE),
    _tradition("iberian", _PORTUGUESE_FAMILY, _PORTUGUESE_FEMALE, _PORTUGUESE_MALE),
)
# Rough shares of children in England; the English list itself is already mixed.
_TRADITION_WEIGHTS = Weighted.of(
    [
        ("english", 70.0),
        ("welsh", 3.0),
        ("irish", 4.0),
        ("south_asian", 10.0),
        ("eastern_european", 5.0),
        ("west_african", 3.5),
        ("somali", 1.0),
        ("chinese", 1.5),
        ("iberian", 2.0),
    ]
)
_BY_NAME = {t.name: t for t in TRADITIONS}
ENGLISH = _BY_NAME["english"]

# Spellings one letter apart that real directories hold side by side, for fuzzy search.
NEAR_SPELLINGS: dict[str, str] = {
    "Johnson": "Jonson",
    "Jonson": "Johnson",
    "Clark": "Clarke",
    "Clarke": "Clark",
    "Philips": "Phillips",
    "Phillips": "Philips",
    "Thompson": "Thomson",
    "Thomson": "Thompson",
    "Smith": "Smyth",
    "Smyth": "Smith",
    "Davies": "Davis",
    "Davis": "Davies",
    "Begum": "Begun",
    "Reid": "Reed",
    "Gray": "Grey",
    "Matthews": "Mathews",
    "Hussain": "Husain",
    "Ahmed": "Ahmad",
    "Kowalski": "Kowalsky",
    "Nowak": "Novak",
    "Mohamed": "Mohammed",
}
_VOWELS = "aeiou"


def pick_tradition(rng: random.Random) -> Tradition:
    return _BY_NAME[_TRADITION_WEIGHTS.pick(rng)]


def given_name(rng: random.Random, tradition: Tradition, gender: str) -> str:
    # One child in six in a minority tradition carries a name from the general list.
    source = ENGLISH if rng.random() < 0.16 else tradition
    if gender == "female":
        return source.female.pick(rng)
    if gender == "male":
        return source.male.pick(rng)
    return (source.female if rng.random() < 0.5 else source.male).pick(rng)


def near_spelling(rng: random.Random, family: str) -> str:
    """A family name one letter away from `family` (insert, delete or change a vowel)."""
    known = NEAR_SPELLINGS.get(family)
    if known is not None:
        return known
    letters = list(family)
    positions = [i for i in range(1, len(letters)) if letters[i].isascii() and letters[i].isalpha()]
    if not positions:
        return family + "e"
    i = rng.choice(positions)
    move = rng.random()
    if move < 0.4 and len(letters) > 3:
        del letters[i]
    elif move < 0.7:
        letters.insert(i, letters[i].lower())
    else:
        current = letters[i].lower()
        letters[i] = rng.choice([v for v in _VOWELS if v != current])
    return "".join(letters)
