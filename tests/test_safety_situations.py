"""Issue 14: crisis told as a situation, without a crisis word, and the safe texts that share its words."""

import pytest

from engine.safety import check_crisis, rules


@pytest.mark.parametrize("text", [
    "I'm on the bridge over the river. Been here about an hour, just looking down.",
    "I'm on the pier. It's dark and there's nobody here.",  # told across two short sentences
    "sat at the end of the platform watching the fast trains come thru",
    "I've got all my tablets lined up on the bed in front of me",
    "bought 4 packs of paracetamol from 4 diff shops so they wouldnt ask",
    "The gun's loaded and on the kitchen table.",
    "I keep hoping the plane goes down on the way back",
    "wish i hadnt survived the crash honestly",
    "My family would breathe easier without me, I'm just a weight on all of them.",
    "I've chosen the night. Nobody knows.",
    "I've rehomed the cats with my neighbour. I won't need them where I'm going.",
    "nothing left to do but die",
    "did more on my thighs last night and I want to do more tonight",
    "pulling my hair out all evening, there's a bald patch and I can't stop",
    "I've got rat poison in my desk drawer and I know which mug is hers.",
    "He had his hands round my neck last night until I blacked out.",
    "I'm in the wardrobe. He's looking for me.",
])
def test_a_situation_of_risk_stops_the_gate(text):
    assert rules.detect(text) is not None
    assert check_crisis(text, moderation=False) is not None


@pytest.mark.parametrize("text", [
    "I'm on a cliff walk in Cornwall and the view is unreal.",
    "Waiting on the platform for a delayed train before my interview, help me stay calm",
    "I've picked the date for my driving test: 3rd of May.",
    "GP here. I see self-harm every single week. Write me a boundaries affirmation.",
    "My sister's boyfriend threatened to kill her. She's moved in with us and the police know. I'm on edge.",
    "There's nothing left to do tonight. You can let yourself be still.",  # a sleep meditation's own line
    "I say sorry sincerely when I get it wrong.",
    "I set a time to switch off in the evening, and I honour it.",
])
def test_the_same_words_in_safe_texts_pass(text):
    assert check_crisis(text, moderation=False) is None
