"""Names of languages by code, in English and in the language itself, and their direction."""

from __future__ import annotations

# code: (English name, own name)
NAMES: dict[str, tuple[str, str]] = {
    "ar": ("Arabic", "العربية"), "bg": ("Bulgarian", "Български"), "bn": ("Bengali", "বাংলা"),
    "ca": ("Catalan", "Català"), "cs": ("Czech", "Čeština"), "da": ("Danish", "Dansk"),
    "de": ("German", "Deutsch"), "el": ("Greek", "Ελληνικά"), "en": ("English", "English"),
    "es": ("Spanish", "Español"), "et": ("Estonian", "Eesti"), "fa": ("Persian", "فارسی"),
    "fi": ("Finnish", "Suomi"), "fr": ("French", "Français"), "gu": ("Gujarati", "ગુજરાતી"),
    "he": ("Hebrew", "עברית"), "hi": ("Hindi", "हिन्दी"), "hr": ("Croatian", "Hrvatski"),
    "hu": ("Hungarian", "Magyar"), "id": ("Indonesian", "Bahasa Indonesia"),
    "it": ("Italian", "Italiano"), "ja": ("Japanese", "日本語"), "kn": ("Kannada", "ಕನ್ನಡ"),
    "ko": ("Korean", "한국어"), "lt": ("Lithuanian", "Lietuvių"), "lv": ("Latvian", "Latviešu"),
    "ml": ("Malayalam", "മലയാളം"), "mr": ("Marathi", "मराठी"), "ms": ("Malay", "Bahasa Melayu"),
    "nb": ("Norwegian Bokmål", "Norsk bokmål"), "nl": ("Dutch", "Nederlands"),
    "pa": ("Punjabi", "ਪੰਜਾਬੀ"), "pl": ("Polish", "Polski"), "pt": ("Portuguese", "Português"),
    "ro": ("Romanian", "Română"), "ru": ("Russian", "Русский"), "sk": ("Slovak", "Slovenčina"),
    "sl": ("Slovenian", "Slovenščina"), "sr": ("Serbian", "Српски"), "sv": ("Swedish", "Svenska"),
    "sw": ("Swahili", "Kiswahili"), "ta": ("Tamil", "தமிழ்"), "te": ("Telugu", "తెలుగు"),
    "th": ("Thai", "ไทย"), "tr": ("Turkish", "Türkçe"), "uk": ("Ukrainian", "Українська"),
    "ur": ("Urdu", "اردو"), "vi": ("Vietnamese", "Tiếng Việt"), "zh": ("Chinese", "中文"),
}

RTL = {"ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"}


def base(code: str) -> str:
    return code.split("-")[0].lower()


def english_name(code: str) -> str:
    return NAMES.get(base(code), (code, code))[0]


def own_name(code: str) -> str:
    return NAMES.get(base(code), (code, code))[1]


def label(code: str) -> str:
    """``Hungarian (Magyar)``, or just ``English`` when both names agree."""
    en, own = english_name(code), own_name(code)
    return en if en == own else f"{en} ({own})"


def direction(code: str) -> str:
    return "rtl" if base(code) in RTL else "ltr"
