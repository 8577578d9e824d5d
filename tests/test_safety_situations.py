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


@pytest.mark.parametrize("text", [
    "honestly i'd be relieved if i didn't wake up in the morning",
    "If the train I'm on came off the rails I think I'd be glad.",
    "the engine's running in the garage and I've pulled the door shut",
    "sitting in the bath with the heater plugged in next to me",
    "I've got my dad's pistol pressed to my head",
    "it's all planned for the end of the week and nobody expects me after that",
    "I've worked out how many it would take.",
    "I just want to fall asleep and never wake, I'm so tired of all of it",
    "counting down the days until i'm gone",
    "once I've ended it they can have the flat",
    "I'm going to stab the guy who jumped me, I know where he drinks",
    "I keep having urges to hurt the baby when she screams",
    "He held a knife to my throat in the kitchen and I'm scared to go home.",
    "someone's broken in and I can hear them moving about downstairs",
    "honestly i just want to top myself",
    "Most nights I pray to God to take me in my sleep.",
    "the blades are out of the sharpener again",
    "somebody is trying to break in through the kitchen window",
    "I stood over him with the pillow for a long time last night",
    "I've made my peace. Everything's sorted now, so I can go.",
    "what's the least painful way to die? asking for me",
    "is the multi-storey by the station high enough to die from",
    "how many of these tablets would it take for me to not wake up",
    "he's tracking my phone and he says he'll find us tonight",
    "I've got the knife in my hand and I want to go upstairs to him",
    "I keep thinking about driving into them at the school gates",
])
def test_plain_statements_in_everyday_words_stop_the_gate(text):
    assert rules.detect(text) is not None


@pytest.mark.parametrize("text", [
    "I'm finally going through with it: I'm signing up for the marathon.",
    "the wings were so spicy I thought I was going to die",
    "time to cut our losses on the allotment and start again in spring",
    "I want to disappear under the covers with a film tonight",
    "I won't be around on Friday, I'm on holiday in Wales",
    "In my fanfic the heroine says goodbye to everyone before the last battle.",
    "I spent my teens scratching my arms raw; the old marks are pale now and I'm well.",
    "I could literally strangle my whole team after that meeting, calm me down pls",
    "I'm writing a goodbye letter to my dad to read at his graveside on Sunday.",
    "after I've ended it with him I'll finally have my evenings back",
    "rope burn from the tug of war at sports day, how do I soothe it",
    "bought a new rope and harness for the climbing wall",
    "I've written letters for my children to open when they turn eighteen",
    "taking myself out for dinner on my birthday this year",
    "I'm moving to Spain in June and saying my goodbyes at work, so excited",
    "Getting my affairs in order before my hip replacement, the surgeon says it's routine",
])
def test_everyday_words_beside_plain_statements_pass(text):
    assert rules.detect(text) is None
