"""The words around the client's questionnaire in the four languages the project writes
(the questions and answers come from the instrument files). gettext covers the staff
interface in Polish and English only; the client may read Ukrainian or Russian."""

TEXTS = {
    "title": {"pl": "Kwestionariusz", "en": "Questionnaire", "uk": "Опитувальник",
              "ru": "Опросник"},
    "intro": {
        "pl": "Odpowiedz na pytania o to, jak się teraz czujesz. Każde pytanie możesz pominąć. "
              "Nie ma złych odpowiedzi.",
        "en": "Answer some questions about how you feel now. You may skip any question. "
              "There are no wrong answers.",
        "uk": "Дайте відповіді на кілька запитань про те, як ви почуваєтеся зараз. Будь-яке "
              "запитання можна пропустити. Неправильних відповідей немає.",
        "ru": "Ответьте на несколько вопросов о том, как вы себя чувствуете сейчас. Любой "
              "вопрос можно пропустить. Неправильных ответов нет.",
    },
    "start": {"pl": "Zaczynamy", "en": "Start", "uk": "Почати", "ru": "Начать"},
    "progress": {"pl": "Pytanie {n} z {total}", "en": "Question {n} of {total}",
                 "uk": "Запитання {n} з {total}", "ru": "Вопрос {n} из {total}"},
    "next": {"pl": "Dalej", "en": "Next", "uk": "Далі", "ru": "Далее"},
    "back": {"pl": "Wstecz", "en": "Back", "uk": "Назад", "ru": "Назад"},
    "skip": {"pl": "Pomiń to pytanie", "en": "Skip this question",
             "uk": "Пропустити це запитання", "ru": "Пропустить этот вопрос"},
    "review": {"pl": "To wszystkie pytania. Wyślij odpowiedzi albo wróć, aby je zmienić.",
               "en": "That was the last question. Send your answers, or go back to change them.",
               "uk": "Це було останнє запитання. Надішліть відповіді або поверніться, щоб їх "
                     "змінити.",
               "ru": "Это был последний вопрос. Отправьте ответы или вернитесь, чтобы их "
                     "изменить."},
    "answered": {"pl": "Odpowiedzi: {n} z {total}", "en": "Answered: {n} of {total}",
                 "uk": "Відповідей: {n} з {total}", "ru": "Ответов: {n} из {total}"},
    "send": {"pl": "Wyślij odpowiedzi", "en": "Send answers", "uk": "Надіслати відповіді",
             "ru": "Отправить ответы"},
    "thanks_title": {"pl": "Dziękujemy", "en": "Thank you", "uk": "Дякуємо",
                     "ru": "Спасибо"},
    "thanks": {"pl": "Twoje odpowiedzi zostały zapisane. Oddaj proszę tablet pracownikowi.",
               "en": "Your answers have been saved. Please give the tablet back to the staff "
                     "member.",
               "uk": "Ваші відповіді збережено. Будь ласка, поверніть планшет працівнику.",
               "ru": "Ваши ответы сохранены. Пожалуйста, верните планшет сотруднику."},
    "refused_title": {"pl": "Ten link nie działa", "en": "This link does not work",
                      "uk": "Це посилання не працює", "ru": "Эта ссылка не работает"},
    "used": {"pl": "Odpowiedzi z tego linku zostały już wysłane. Nic nie zapisano ponownie.",
             "en": "The answers for this link have already been sent. Nothing was saved twice.",
             "uk": "Відповіді за цим посиланням уже надіслано. Нічого не збережено вдруге.",
             "ru": "Ответы по этой ссылке уже отправлены. Ничего не сохранено повторно."},
    "expired": {"pl": "Czas na wypełnienie minął. Poproś pracownika o nowy link.",
                "en": "The time to answer has run out. Ask the staff member for a new link.",
                "uk": "Час для відповідей минув. Попросіть працівника про нове посилання.",
                "ru": "Время для ответов истекло. Попросите сотрудника о новой ссылке."},
    "invalid": {"pl": "Ten link jest nieprawidłowy. Poproś pracownika o nowy.",
                "en": "This link is not valid. Ask the staff member for a new one.",
                "uk": "Це посилання недійсне. Попросіть працівника про нове.",
                "ru": "Эта ссылка недействительна. Попросите сотрудника о новой."},
    "bad_answer": {"pl": "Wybierz jedną z odpowiedzi albo pomiń pytanie.",
                   "en": "Choose one of the answers, or skip the question.",
                   "uk": "Виберіть одну з відповідей або пропустіть запитання.",
                   "ru": "Выберите один из ответов или пропустите вопрос."},
}


def texts(language: str) -> dict:
    return {key: values.get(language) or values["en"] for key, values in TEXTS.items()}
