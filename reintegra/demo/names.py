"""Synthetic names, in each person's own script and language. No real person's data.

First names come with the name a person might choose to be called (shown to trainers);
surnames come as (masculine, feminine) where the language inflects them by gender.
Combinations are drawn at random, so any likeness to a real person is chance.
"""

# Polish: many clients are Polish women (docs/domain.md section 1).
PL_FEMALE = [
    ("Agnieszka", "Aga"), ("Katarzyna", "Kasia"), ("Magdalena", "Madzia"), ("Monika", None),
    ("Joanna", "Asia"), ("Ewelina", None), ("Paulina", "Paula"), ("Justyna", None),
    ("Karolina", "Karo"), ("Sylwia", None), ("Marta", None), ("Dorota", "Dorotka"),
    ("Aleksandra", "Ola"), ("Natalia", "Nata"), ("Patrycja", "Pati"), ("Żaneta", None),
    ("Małgorzata", "Gosia"), ("Łucja", None), ("Weronika", "Wera"), ("Kinga", None),
    ("Iwona", None), ("Renata", None), ("Angelika", "Andzia"), ("Ilona", None),
]
PL_MALE = [
    ("Łukasz", None), ("Paweł", None), ("Krzysztof", "Krzysiek"), ("Grzegorz", "Grzesiek"),
    ("Dariusz", "Darek"), ("Mariusz", None), ("Sławomir", "Sławek"), ("Zbigniew", "Zbyszek"),
]
PL_SURNAMES = [
    ("Nowak", "Nowak"), ("Wiśniewski", "Wiśniewska"), ("Wójcik", "Wójcik"),
    ("Kowalczyk", "Kowalczyk"), ("Kamiński", "Kamińska"), ("Lewandowski", "Lewandowska"),
    ("Zieliński", "Zielińska"), ("Szymański", "Szymańska"), ("Woźniak", "Woźniak"),
    ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"), ("Jankowski", "Jankowska"),
    ("Mazur", "Mazur"), ("Krawczyk", "Krawczyk"), ("Piotrowski", "Piotrowska"),
    ("Grabowski", "Grabowska"), ("Pawłowski", "Pawłowska"), ("Michalski", "Michalska"),
    ("Wieczorek", "Wieczorek"), ("Jabłoński", "Jabłońska"), ("Wróbel", "Wróbel"),
    ("Majewski", "Majewska"), ("Olszewski", "Olszewska"), ("Stępień", "Stępień"),
    ("Malinowski", "Malinowska"), ("Jaworski", "Jaworska"), ("Adamczyk", "Adamczyk"),
    ("Dudek", "Dudek"), ("Ziółkowski", "Ziółkowska"), ("Błaszczyk", "Błaszczyk"),
    ("Śliwiński", "Śliwińska"), ("Żak", "Żak"), ("Chmielewski", "Chmielewska"),
]

# Ukrainian (Cyrillic); surnames in -енко, -ук, -ник do not inflect by gender.
UA_FEMALE = [
    ("Оксана", "Oksana"), ("Олена", "Olena"), ("Наталія", "Natalia"), ("Ірина", "Iryna"),
    ("Тетяна", "Tania"), ("Юлія", "Julia"), ("Галина", "Halyna"), ("Марія", "Maria"),
    ("Світлана", "Sveta"), ("Людмила", "Liuda"), ("Катерина", "Katia"), ("Ганна", "Hanna"),
    ("Вікторія", "Vika"), ("Анастасія", "Nastia"),
]
UA_MALE = [
    ("Олександр", "Sasha"), ("Андрій", "Andrii"), ("Сергій", "Serhii"), ("Микола", "Mykola"),
    ("Василь", "Vasyl"), ("Іван", "Ivan"), ("Дмитро", "Dima"), ("Тарас", "Taras"),
    ("Богдан", "Bohdan"),
]
UA_SURNAMES = [
    (s, s) for s in (
        "Коваленко", "Шевченко", "Бондаренко", "Ткаченко", "Кравченко", "Мельник", "Олійник",
        "Поліщук", "Литвиненко", "Савченко", "Гнатюк", "Мороз", "Кушнір", "Марченко",
        "Руденко", "Бойко", "Павленко", "Романюк",
    )
]

# Belarusian (Cyrillic, with ў and і).
BY_FEMALE = [
    ("Вольга", "Volha"), ("Алена", "Alena"), ("Наталля", "Natallia"), ("Таццяна", "Tania"),
    ("Святлана", "Sviatlana"), ("Ірына", "Iryna"), ("Марына", "Maryna"), ("Ганна", "Hanna"),
    ("Кацярына", "Katsia"),
]
BY_MALE = [
    ("Аляксандр", "Aliaksandr"), ("Сяргей", "Siarhei"), ("Андрэй", "Andrei"),
    ("Дзмітрый", "Dzmitry"), ("Мікалай", "Mikalai"), ("Уладзімір", "Uladzimir"),
    ("Павел", "Pavel"),
]
BY_SURNAMES = [
    ("Навіцкі", "Навіцкая"), ("Казлоў", "Казлова"), ("Кузняцоў", "Кузняцова"),
    ("Мельнікаў", "Мельнікава"), ("Лукашэвіч", "Лукашэвіч"), ("Жук", "Жук"),
    ("Саковіч", "Саковіч"), ("Ковальчук", "Ковальчук"), ("Бародка", "Бародка"),
    ("Шаўчук", "Шаўчук"), ("Крываносаў", "Крываносава"),
]

# Bulgarian (Cyrillic); surnames take -а for women.
BG_FEMALE = [
    ("Мария", "Maria"), ("Иванка", "Ivanka"), ("Десислава", "Desi"), ("Петя", "Petya"),
    ("Гергана", "Gergana"), ("Радка", "Radka"), ("Цветелина", "Tsveti"), ("Силвия", "Silvia"),
    ("Стефка", "Stefka"), ("Милена", "Milena"), ("Йорданка", "Dana"),
]
BG_MALE = [
    ("Георги", "Georgi"), ("Иван", "Ivan"), ("Димитър", "Mitko"), ("Стоян", "Stoyan"),
    ("Христо", "Hristo"), ("Тодор", "Tosho"), ("Николай", "Niki"), ("Асен", "Asen"),
]
BG_SURNAMES = [
    (s, s + "а") for s in (
        "Иванов", "Петров", "Георгиев", "Димитров", "Стоянов", "Николов", "Христов",
        "Тодоров", "Колев", "Ангелов", "Костадинов", "Янков",
    )
]

# Romanian, with ș and ț (comma below, as Romanian spells them).
RO_FEMALE = [
    ("Ioana", None), ("Mihaela", "Miha"), ("Florentina", "Flori"), ("Ștefania", "Ștefi"),
    ("Cătălina", None), ("Loredana", "Lori"), ("Nicoleta", "Nico"), ("Alexandra", None),
    ("Elena", None), ("Georgiana", "Geo"), ("Petruța", None),
]
RO_MALE = [
    ("Ionuț", None), ("Ștefan", None), ("Mihai", None), ("Florin", None),
    ("Constantin", "Costel"), ("Gheorghe", "Ghiță"), ("Răzvan", None), ("Marius", None),
]
RO_SURNAMES = [
    (s, s) for s in (
        "Popescu", "Ionescu", "Țurcanu", "Stănescu", "Munteanu", "Dumitrescu", "Ștefănescu",
        "Mureșan", "Bălan", "Lupu", "Șerban", "Țăranu", "Vasilescu", "Rădulescu", "Pașca",
        "Moraru",
    )
]

# Vietnamese, with diacritics. First name = middle + given name; surname = family name.
VN_FEMALE = [
    ("Thị Hương", "Hương"), ("Thị Lan", "Lan"), ("Thị Mai", "Mai"), ("Thị Thảo", "Thảo"),
    ("Ngọc Ánh", "Ánh"), ("Thị Hằng", "Hằng"), ("Thùy Linh", "Linh"), ("Thu Trang", "Trang"),
    ("Thị Nga", "Nga"), ("Thị Phương", "Phương"),
]
VN_MALE = [
    ("Văn Hùng", "Hùng"), ("Văn Dũng", "Dũng"), ("Minh Tuấn", "Tuấn"), ("Đức Minh", "Minh"),
    ("Văn Quang", "Quang"), ("Hữu Phúc", "Phúc"), ("Văn Thắng", "Thắng"), ("Quốc Bảo", "Bảo"),
]
VN_SURNAMES = [
    (s, s) for s in (
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
        "Dương",
    )
]

# Nigeria: Yoruba (with tone marks and sub-dots), Igbo and Edo (Bini) names; many
# Nigerian victims in Europe come from Edo State.
NG_YORUBA_FEMALE = [
    ("Fọláṣadé", "Sade"), ("Olúwaṣeun", "Seun"), ("Tèmítọ́pẹ́", "Tope"), ("Yétúndé", None),
    ("Abímbọ́lá", "Bimbo"), ("Adébímpé", "Bimpe"),
]
NG_YORUBA_MALE = [("Adéwálé", "Wale"), ("Olúwatóbi", "Tobi"), ("Babátúndé", "Tunde")]
NG_YORUBA_SURNAMES = [
    (s, s) for s in ("Adéyẹmí", "Adébáyọ̀", "Akínọlá", "Ọláwálé", "Ògúnlẹ́yẹ")
]
NG_IGBO_FEMALE = [
    ("Chiamaka", "Amaka"), ("Ngozi", None), ("Adaeze", "Ada"), ("Nneka", None),
    ("Ifeoma", "Ife"), ("Chinonso", "Nonso"), ("Obiageli", "Obiageli"),
]
NG_IGBO_MALE = [("Chukwuemeka", "Emeka"), ("Obinna", None), ("Ikenna", "Ike")]
NG_IGBO_SURNAMES = [
    (s, s) for s in ("Okafor", "Eze", "Nwosu", "Okonkwo", "Nwankwo", "Okeke", "Chukwu")
]
NG_EDO_FEMALE = [
    ("Ivie", None), ("Osasu", None), ("Omosede", "Sede"), ("Itohan", None),
    ("Osayuwamen", "Osa"), ("Eki", None),
]
NG_EDO_MALE = [("Osagie", None), ("Efosa", None), ("Eghosa", None)]
NG_EDO_SURNAMES = [
    (s, s) for s in (
        "Omoregie", "Osayande", "Ehigiator", "Aigbe", "Iyamu", "Evbuomwan", "Uwaifo",
        "Ogbeide",
    )
]

# The Philippines (Tagalog and Spanish-origin names, with nicknames in daily use).
PH_FEMALE = [
    ("Maricel", "Cel"), ("Jocelyn", "Joy"), ("Rowena", "Weng"), ("Analyn", "Ana"),
    ("Marites", "Tess"), ("Liezel", None), ("Rosalie", "Rose"), ("Jennylyn", "Jen"),
    ("Ma. Cristina", "Tina"),
]
PH_MALE = [("Rodel", None), ("Jomar", None), ("Reynaldo", "Rey"), ("Arnel", None)]
PH_SURNAMES = [
    (s, s) for s in (
        "Dela Cruz", "Santos", "Reyes", "Bautista", "Villanueva", "Mendoza", "Ocampo",
        "Manalo", "Dimaculangan", "Macaraeg", "Soriano", "Pangilinan",
    )
]
