/// Words for generated evidence: short, plausible customer-service text. Nothing here is about
/// a real person; names are common first and last names picked at random.
enum Phrases {
    static let firstNames = [
        "Priya", "Tom", "Aisha", "Daniel", "Mei", "Oluwaseun", "Sophie", "Jakub", "Fatima", "Liam", "Grace", "Mohammed",
        "Chloe", "Ravi", "Hannah", "Kwame", "Elena", "Owen", "Zara", "Callum",
    ]
    static let lastNames = [
        "Shah", "Evans", "Khan", "Murphy", "Chen", "Adeyemi", "Turner", "Nowak", "Hussain", "O'Brien", "Patel", "Jones",
        "Williams", "Kowalski", "Begum", "Mensah", "Rossi", "Hughes", "Ali", "Fraser",
    ]
    static let customers = [
        "An elderly customer", "A regular customer", "A new customer", "A business customer", "A parent with two children",
        "A customer using a wheelchair", "A visitor from abroad", "A customer on the phone", "A long-standing account holder",
        "A customer who had complained before",
    ]
    static let problems = [
        "returned a faulty kettle and seemed unsure about the replacement models",
        "phoned about a delayed delivery for a birthday present",
        "asked for a refund on a damaged order",
        "could not log in to the online account before a deadline",
        "was charged twice for the same booking",
        "wanted to change a holiday booking at short notice",
        "was confused by the new billing statement",
        "needed a replacement part for an appliance out of warranty",
        "arrived to collect an order that had not been picked",
        "emailed about a missing item in a grocery delivery",
    ]
    static let statedNeeds = [
        "Refund for the faulty item", "Delivery before Saturday", "Explanation of the charges", "Access to the account",
        "Replacement part", "Change of booking date", "Collection of the order today", "Missing item replaced",
    ]
    static let unstatedNeeds = [
        "Needs a lighter model she can lift with arthritis", "Gift wrapping, as it is a present",
        "Reassurance that the booking is secure", "Large-print copy of the statement", "Help setting up the app",
        "Quiet space to talk, as the customer was upset", "A contact name for future problems",
        "Delivery to a neighbour while at work", "Payment spread over two months",
    ]
    static let actions = [
        "Demonstrated two lightweight models and carried the box to the car", "Arranged next-day courier at no charge",
        "Called the customer back the next morning with an update", "Set up a payment plan with the accounts team",
        "Printed a large-print statement and walked through it", "Reserved the item and phoned when it arrived",
        "Escalated to the supervisor and stayed on the line", "Sent a handwritten note with the replacement",
        "Booked a follow-up appointment at a time that suited the customer",
    ]
    static let rationales = [
        "She struggled to lift the display model", "The delay was our fault and the date mattered",
        "The customer was anxious and had no other way to get there", "Standard procedure would have taken a week",
        "The customer had been let down twice already", "It cost little and kept a loyal customer",
    ]
    static let alternatives = [
        "Offer a standard exchange only", "Standard delivery", "Refer the customer to the website",
        "Ask the customer to call back", "Issue a voucher",
    ]
    static let quotes = [
        "She went out of her way for me.", "Fantastic service", "Really thoughtful service", "I will definitely be back.",
        "Much better than last time.", "Thank you for sorting it so quickly.", "It was fine.", "Took a while but got there.",
    ]
    static let reflections = [
        "I learned that asking open questions early saves time.",
        "Next time I would check the customer's history before calling back.",
        "I noticed the customer hesitated, so I asked what else was worrying them.",
        "Following up personally made the customer trust us again.",
        "I should have documented my checks before offering the courier.",
    ]
    static let preferences = [
        "Slower pace, no jargon", "Plain English, by phone", "Email rather than phone", "Written summary afterwards",
        "Short messages by text", "Face to face with a family member present",
    ]
    static let styles = ["Calm and patient", "Brief and factual", "Warm and informal", "Formal"]
    static let jobTitles = ["Store manager", "Team leader", "Duty manager", "Senior adviser", "Customer"]
    static let generic = [
        "Recorded on the shop floor", "See attached notes", "Discussed at the review meeting", "Logged in the CRM",
        "Confirmed with the team leader", "Summarised in the learner's own words",
    ]
    static let complaints = [
        "made a complaint about a late refund", "complained that a promised call-back never came",
        "was complaining about being passed between departments",
    ]
    static let loyalty = [
        "The customer said she would recommend us to her friends, which builds loyalty.",
        "Keeping my promise earned the customer's trust and loyalty.",
    ]
    static let repeatBusiness = [
        "He has since come back twice, which is repeat business we might have lost.",
        "She renewed her contract the following month instead of leaving.",
    ]
    static let experience = [
        "I realised the customer experience starts before the transaction and continues after it.",
        "It changed the overall experience, not just the sale.",
    ]
    static let starReflection =
        "Situation: a long-standing customer was unhappy. Task: keep the account. Action: I called personally, explained what had gone wrong and what I would do, and checked back a week later. Result: the customer stayed and thanked me."
    static let promiseInRole = [
        "In my role on the help desk it means answering every query the same day",
        "As a team leader I make sure every promise we make on the phone is written down and kept",
        "For me it means calling customers back when I said I would, every time",
    ]
    static let beyondTransaction = [
        "The promise covers how customers feel before, during and after they deal with us",
        "It is about the whole customer journey and not only completing the sale on the day",
    ]
    static let promises = ["We will resolve your query first time or call you back within a day", "Right first time, every time"]
    static let techniques = ["HEAT", "Callback plan", "Escalation to a specialist", "Active listening", "Goodwill gesture", "Reframing"]
    static let opportunities = [
        "Customers wait too long for refunds", "Repeat calls about the same billing error", "Confusing returns form",
    ]
}
