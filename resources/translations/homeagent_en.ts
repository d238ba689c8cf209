<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CallPanel</name>
    <message>
        <source>Calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quality</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number, extension or SIP address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer to: number or extension</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consult…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key {key}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The caller pressed {key}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screen pop status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name, e-mail, account or phone number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Matching customers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue as unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VIP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Very important customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Segment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products, open tickets and history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products owned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Contract end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected ticket or note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open tickets ({count})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History ({count})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CustomerViewModel</name>
    <message>
        <source>No call. Search for a customer by name, account or number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking up {number}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} customers use {number}: pick one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown caller: search, or continue as unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer uses {number}: search, or continue as unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continuing without a customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown caller: the customer service (API) cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown from the cache: the customer service (API) cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown from the cache; updating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not update everything: the customer service cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the customer card…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} customers share this number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown caller (API unreachable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The history cannot be loaded now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No earlier tickets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Searching for “{query}”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The search failed: the customer service cannot be reached.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No customer found for “{query}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search results: pick a customer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customers using this number: pick one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(VIP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{date} (ended)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <source>HomeAgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEMO / TRAINING — sample customers and a simulated phone line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep me signed in on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEMO / TRAINING — simulated callers and sample customers; nothing is real.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer, products, history and my day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;My day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;HomeAgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>He&amp;lp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pre-shift check…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About HomeAgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About HomeAgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HomeAgent {version}
Softphone and agent desktop for call-centre operators.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} — DEMO</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ElidedLabel</name>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Search the call history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search by number or name (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call history status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add note to ticket…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Direction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{direction} (in progress)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown number</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryViewModel</name>
    <message>
        <source>Searching…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the history…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No call matches “{query}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {count} most recent matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The {count} most recent calls.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} matching calls.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} calls.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call history could not be read or saved.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LineBanner</name>
    <message>
        <source>Problem with the phone line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MyDayChart</name>
    <message>
        <source>Calls per hour and tickets by category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Handled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets by category</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MyDayViewModel</name>
    <message>
        <source>Calls handled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed calls</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average handling time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breaks taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time worked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{handled} calls handled, {missed} missed, talk time {talk}, {tickets} tickets.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Add a note to a ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket: {subject}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add note ({keys})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close, keep the draft</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreShiftDialog</name>
    <message>
        <source>Pre-shift check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PreShiftViewModel</name>
    <message>
        <source>Phone line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Company server and clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password storage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Headset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microphone and speaker test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not run yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>round trip {median} ms, jitter {jitter} ms, loss {loss} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>round trip {rtt} ms, clock off by {skew} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>microphone level {level} %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready for your shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready, but some things could be better</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not ready: please fix the problems below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone line cannot be reached. Check your internet connection and VPN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone line&apos;s security certificate was refused. Call IT support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No phone line is set up on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some of the voice data is lost: calls may break up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a network cable instead of Wi-Fi, or move closer to your router.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection is slow: callers may hear a delay. Stop videos and downloads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The company server cannot be reached. Check your internet connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No company server is set up on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer&apos;s clock is wrong. Set the date and time to update automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The company server answers slowly: customer details may take time to appear.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passwords cannot be kept safely on this computer: you will type yours at each start. Tell IT support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No microphone or speaker found. Plug in your headset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No headset found. Plug in your headset before calls.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot tell whether a headset is plugged in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your microphone heard nothing. Check that it is not muted, and speak during the test.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sound test failed. Check your headset is plugged in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sound test is not available here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A check took too long. Run the check again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProductPanel</name>
    <message>
        <source>Products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search products</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search products by name or category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Products found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help articles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{kind}: {title}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProductViewModel</name>
    <message>
        <source>Searching the catalogue…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalogue cannot be reached now. Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No product matches “{query}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The catalogue is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the product…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown from memory: the catalogue cannot be reached now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This product is no longer in the catalogue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The product cannot be loaded now. Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a product to see its description and help articles.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Troubleshooting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAQ</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RingingPanel</name>
    <message>
        <source>Incoming call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caller number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call waiting — a second call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking up the caller…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Set by your IT department</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ringtone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer calls automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds before answering</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto-answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start HomeAgent when I log in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not available on this system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio devices unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Echo cancellation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ringer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{device} volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The new language applies the next time HomeAgent starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your settings could not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting with the session could not be changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShiftBar</name>
    <message>
        <source>Shift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start a break ({keys}); the arrow picks the reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>End break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worked today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break time today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last punch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timesheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timesheet of the week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock &amp;in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start or end a &amp;break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock &amp;out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Timesheet…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{action} ({keys})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Agent status: {status}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShiftViewModel</name>
    <message>
        <source>Not clocked in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On break ({reason}) since {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On break since {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working since {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{state} — saving the punch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{state} — clock-out when the call ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{punch}: received by the server {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{punch}: saved on this computer {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worked {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breaks {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not ready — {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not ready — on break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the phone engine is not running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the phone line is not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no headset or microphone found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a technical problem ({code})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You did not clock out at the end of your last shift.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You did not clock out after your shift of {day} (last punch at {time}). Clock out now, then clock in, and tell your supervisor when you stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You will be clocked out when the call and its wrap-up end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The punch could not be saved on this computer ({detail}). Try again; if it keeps failing, tell your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That punch is not possible now.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Shortcut</name>
    <message>
        <source>{action} ({keys})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Answer the ringing call (or call the number typed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hold / resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mute / unmute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keypad tones during a call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start / end a break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the ticket notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit the ticket and wrap-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer, Products, History, My day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search in the tab in front (customers, products, history)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SignInBox</name>
    <message>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remember password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SoftphoneText</name>
    <message>
        <source>Type a number to call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That number contains characters that cannot be dialled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is not a phone number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That number has the wrong length for its country.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No phone server is configured for dialling. Contact IT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That SIP address is not valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That number cannot be dialled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in before making a call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You already have two calls. End one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone engine stopped unexpectedly. Calls in progress were lost; it is restarting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The transfer failed ({detail}). The caller is still on your line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No phone server is configured on this computer. Contact IT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keyring is unavailable: your password cannot be remembered on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your password to sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Too many attempts: your account is locked for {detail} s. Try again then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The company server cannot be reached. Check your internet connection; HomeAgent keeps trying.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The company server refused ({detail}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in failed ({detail}). Contact IT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer&apos;s clock is {detail} s off the company&apos;s. Your punches carry this computer&apos;s time: ask IT to fix the clock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You did not clock out last time (clocked in since {detail}). Clock out now and tell your supervisor the right time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your punch could NOT be saved ({detail}). Try again; if it keeps failing, tell your supervisor the time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That punch does not fit your shift right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You will be clocked out as soon as this call and its wrap-up end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong ({code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That call has already ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Those keys cannot be sent on this call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone engine is still starting. Try again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The consultation call has ended; nothing was transferred.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone system refused: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone engine could not do that ({code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This user name is unknown to the phone server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone server did not answer (timeout).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone server (registrar) is unreachable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone server&apos;s TLS certificate was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone server reported an error ({code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in failed ({code} {reason}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Held by the other party</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Muted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MOS {mos} · jitter {jitter} ms · loss {loss}%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call was cut: no sound came from the other side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missed call: the caller hung up before you answered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The line is busy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call was declined.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That number does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The person you called is unavailable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call could not be connected (network).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The call failed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SoftphoneViewModel</name>
    <message>
        <source>Press Enter to call this number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phone engine down, restarting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Looking up your saved password…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready: signed in as {user}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in as {user}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not signed in: {why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone engine stopped and is restarting; you will be signed in again automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying automatically in {n} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying automatically.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check your user name and password, then sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SoftphoneWindow</name>
    <message>
        <source>HomeAgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} — DEMO</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DEMO — simulated phone line, no real calls are made.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line status</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Items waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server&apos;s reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server&apos;s reason for the selected item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Working…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sync status: {summary}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SyncViewModel</name>
    <message>
        <source>Not syncing</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>All sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed out: items will be sent after you sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The company server cannot be reached: items are kept and sent later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused some items. Retry them, or export them for IT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything has been sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Punch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call record</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No connection to the company server or the phone line. Your work is kept on this computer and sent when the connection is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The company server cannot be reached. Your work is kept on this computer and sent when the connection is back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The phone line cannot be reached: calls cannot come in right now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) exported to {path}</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The export failed: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) will be sent again</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The waiting items could not be read: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketPanel</name>
    <message>
        <source>Call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrap-up time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Submit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ticket state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft and queue state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Calls waiting for wrap-up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First line of the notes if left empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;ubject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Product</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disposition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Focus notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Phrases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert a canned phrase</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No canned phrases</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TicketViewModel</name>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Information</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disposition…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No call: a ticket on its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>withheld number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call with {who} — in progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call with {who} — ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Customer: unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrap-up overdue by {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrap-up: {time} left</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n more call(s) to wrap up after this one</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Queuing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Submit once the call has ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a category for the ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to submit: type a subject or notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a disposition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a product from the list, or clear the field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note queued — will be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note not queued, nothing was lost — try again ({detail})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The note is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft not saved: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued — will be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued after restart — will be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not queued, nothing was lost — try again ({detail})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wrap-up time is over: finish and submit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unfinished drafts restored: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drafts could not be read: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimesheetDialog</name>
    <message>
        <source>Timesheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Punches of the week</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breaks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Week of {day}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Worked this week: {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>* {count} punch(es) saved on this computer, waiting to be sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everything is received by the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server cannot be reached: only this computer&apos;s punches are shown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in again to see the server&apos;s timesheet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This computer&apos;s punches could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The timesheet could not be loaded completely ({code}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no clock-out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} ({time})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Break end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received {time}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Received</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>HomeAgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show HomeAgent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
