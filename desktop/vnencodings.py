def fix_legacy(text):
    return text, None
