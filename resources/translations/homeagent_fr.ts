<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>AudioStatusBanner</name>
    <message>
        <source>Sound problem</source>
        <translation>Problème de son</translation>
    </message>
    <message>
        <source>Sound message</source>
        <translation>Message sur le son</translation>
    </message>
    <message>
        <source>No sound device: the demo runs silently (calls still connect).</source>
        <translation>Aucun périphérique audio&#xa0;: la démo tourne sans le son (les appels aboutissent quand même).</translation>
    </message>
    <message>
        <source>No headset or sound device found: you are Not ready until one is plugged in.</source>
        <translation>Aucun casque ni périphérique audio détecté&#xa0;: vous êtes Indisponible jusqu’à ce qu’un appareil soit branché.</translation>
    </message>
    <message>
        <source>The sound device stopped responding; HomeAgent is reopening it.</source>
        <translation>Le périphérique audio ne répond plus&#xa0;; HomeAgent le rouvre.</translation>
    </message>
    <message>
        <source>Sound is not available in this version on this system; call IT.</source>
        <translation>Le son n’est pas disponible dans cette version sur ce système&#xa0;; contactez le service informatique.</translation>
    </message>
    <message>
        <source>Sound problem ({code}).</source>
        <translation>Problème de son ({code}).</translation>
    </message>
    <message>
        <source>Headset gone: sound moved to {device}.</source>
        <translation>Casque débranché&#xa0;: le son passe sur {device}.</translation>
    </message>
    <message>
        <source>Sound is back on {device}.</source>
        <translation>Le son est revenu sur {device}.</translation>
    </message>
    <message>
        <source>The sound device was restarted.</source>
        <translation>Le périphérique audio a été redémarré.</translation>
    </message>
    <message>
        <source>You are muted: the caller cannot hear you.</source>
        <translation>Votre micro est coupé&#xa0;: l’appelant ne vous entend pas.</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <source>Calls</source>
        <translation>Appels</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Appelant</translation>
    </message>
    <message>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Qualité</translation>
    </message>
    <message>
        <source>Current call</source>
        <translation>Appel en cours</translation>
    </message>
    <message>
        <source>Last message</source>
        <translation>Dernier message</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>Numéro à appeler</translation>
    </message>
    <message>
        <source>Number, extension or SIP address</source>
        <translation>Numéro, poste ou adresse SIP</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Appeler</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Répondre</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Raccrocher</translation>
    </message>
    <message>
        <source>Hold</source>
        <translation>Mettre en attente</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Couper le micro</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>Transférer…</translation>
    </message>
    <message>
        <source>Complete transfer</source>
        <translation>Finaliser le transfert</translation>
    </message>
    <message>
        <source>Swap</source>
        <translation>Basculer</translation>
    </message>
    <message>
        <source>Transfer target</source>
        <translation>Destinataire du transfert</translation>
    </message>
    <message>
        <source>Transfer to: number or extension</source>
        <translation>Transférer vers&#xa0;: numéro ou poste</translation>
    </message>
    <message>
        <source>Transfer now</source>
        <translation>Transférer maintenant</translation>
    </message>
    <message>
        <source>Consult…</source>
        <translation>Double appel…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Key {key}</source>
        <translation>Touche {key}</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Réactiver le micro</translation>
    </message>
    <message>
        <source>The caller pressed {key}</source>
        <translation>Votre correspondant a appuyé sur {key}</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Screen pop status</source>
        <translation>État de la fiche client</translation>
    </message>
    <message>
        <source>Search customers</source>
        <translation>Rechercher des clients</translation>
    </message>
    <message>
        <source>Name, e-mail, account or phone number</source>
        <translation>Nom, e-mail, compte ou numéro de téléphone</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <source>Matching customers</source>
        <translation>Clients correspondants</translation>
    </message>
    <message>
        <source>Open this customer</source>
        <translation>Ouvrir la fiche de ce client</translation>
    </message>
    <message>
        <source>Continue as unknown</source>
        <translation>Continuer sans identifier</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>Nom du client</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>Very important customer</source>
        <translation>Client très important</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segment</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <source>Phones</source>
        <translation>Téléphones</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Products, open tickets and history</source>
        <translation>Produits, tickets ouverts et historique</translation>
    </message>
    <message>
        <source>Products owned</source>
        <translation>Produits détenus</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>N° de série</translation>
    </message>
    <message>
        <source>Contract end</source>
        <translation>Fin de contrat</translation>
    </message>
    <message>
        <source>Open tickets</source>
        <translation>Tickets ouverts</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Ouvert le</translation>
    </message>
    <message>
        <source>Ticket history</source>
        <translation>Historique des tickets</translation>
    </message>
    <message>
        <source>Selected ticket or note</source>
        <translation>Ticket ou note sélectionné</translation>
    </message>
    <message>
        <source>Products ({count})</source>
        <translation>Produits ({count})</translation>
    </message>
    <message>
        <source>Open tickets ({count})</source>
        <translation>Tickets ouverts ({count})</translation>
    </message>
    <message>
        <source>History ({count})</source>
        <translation>Historique ({count})</translation>
    </message>
</context>
<context>
    <name>CustomerViewModel</name>
    <message>
        <source>No call. Search for a customer by name, account or number.</source>
        <translation>Aucun appel. Recherchez un client par nom, compte ou numéro.</translation>
    </message>
    <message>
        <source>Looking up {number}…</source>
        <translation>Recherche du numéro {number}…</translation>
    </message>
    <message>
        <source>{count} customers use {number}: pick one.</source>
        <translation>{count} clients utilisent le {number}&#xa0;: choisissez-en un.</translation>
    </message>
    <message>
        <source>Unknown caller: search, or continue as unknown.</source>
        <translation>Appelant inconnu&#xa0;: lancez une recherche, ou continuez sans identifier.</translation>
    </message>
    <message>
        <source>No customer uses {number}: search, or continue as unknown.</source>
        <translation>Aucun client n&apos;utilise le {number}&#xa0;: lancez une recherche, ou continuez sans identifier.</translation>
    </message>
    <message>
        <source>Continuing without a customer.</source>
        <translation>Suite de l&apos;appel sans client identifié.</translation>
    </message>
    <message>
        <source>Unknown caller: the customer service (API) cannot be reached.</source>
        <translation>Appelant inconnu&#xa0;: la base clients (API) est injoignable.</translation>
    </message>
    <message>
        <source>Shown from the cache: the customer service (API) cannot be reached.</source>
        <translation>Données locales affichées&#xa0;: la base clients (API) est injoignable.</translation>
    </message>
    <message>
        <source>Shown from the cache; updating…</source>
        <translation>Données locales affichées&#xa0;; mise à jour…</translation>
    </message>
    <message>
        <source>Could not update everything: the customer service cannot be reached.</source>
        <translation>Mise à jour incomplète&#xa0;: la base clients est injoignable.</translation>
    </message>
    <message>
        <source>Loading the customer card…</source>
        <translation>Chargement de la fiche client…</translation>
    </message>
    <message>
        <source>{count} customers share this number</source>
        <translation>{count} clients partagent ce numéro</translation>
    </message>
    <message>
        <source>Unknown caller (API unreachable)</source>
        <translation>Appelant inconnu (API injoignable)</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Appelant inconnu</translation>
    </message>
    <message>
        <source>Loading the history…</source>
        <translation>Chargement de l&apos;historique…</translation>
    </message>
    <message>
        <source>The history cannot be loaded now.</source>
        <translation>L&apos;historique ne peut pas être chargé pour le moment.</translation>
    </message>
    <message>
        <source>No earlier tickets.</source>
        <translation>Aucun ticket antérieur.</translation>
    </message>
    <message>
        <source>Searching for “{query}”…</source>
        <translation>Recherche de «&#xa0;{query}&#xa0;»…</translation>
    </message>
    <message>
        <source>The search failed: the customer service cannot be reached.</source>
        <translation>La recherche a échoué&#xa0;: la base clients est injoignable.</translation>
    </message>
    <message>
        <source>No customer found for “{query}”.</source>
        <translation>Aucun client trouvé pour «&#xa0;{query}&#xa0;».</translation>
    </message>
    <message>
        <source>Search results: pick a customer.</source>
        <translation>Résultats de la recherche&#xa0;: choisissez un client.</translation>
    </message>
    <message>
        <source>Customers using this number: pick one.</source>
        <translation>Clients utilisant ce numéro&#xa0;: choisissez-en un.</translation>
    </message>
    <message>
        <source>(VIP)</source>
        <translation>(VIP)</translation>
    </message>
    <message>
        <source>{date} (ended)</source>
        <translation>{date} (expiré)</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <source>HomeAgent</source>
        <translation>HomeAgent</translation>
    </message>
    <message>
        <source>Line status</source>
        <translation>État de la ligne</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>Mode démo</translation>
    </message>
    <message>
        <source>DEMO / TRAINING — sample customers and a simulated phone line.</source>
        <translation>DÉMO / FORMATION — clients fictifs et ligne téléphonique simulée.</translation>
    </message>
    <message>
        <source>Keep me signed in on this computer</source>
        <translation>Rester connecté sur cet ordinateur</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Message de connexion</translation>
    </message>
    <message>
        <source>DEMO / TRAINING — simulated callers and sample customers; nothing is real.</source>
        <translation>DÉMO / FORMATION — appelants simulés et clients fictifs&#xa0;; rien n&apos;est réel.</translation>
    </message>
    <message>
        <source>Customer, products, history and my day</source>
        <translation>Client, produits, historique et ma journée</translation>
    </message>
    <message>
        <source>&amp;Customer</source>
        <translation>&amp;Client</translation>
    </message>
    <message>
        <source>P&amp;roducts</source>
        <translation>&amp;Produits</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>H&amp;istorique</translation>
    </message>
    <message>
        <source>&amp;My day</source>
        <translation>&amp;Ma journée</translation>
    </message>
    <message>
        <source>Home&amp;Agent</source>
        <translation>&amp;HomeAgent</translation>
    </message>
    <message>
        <source>Shi&amp;ft</source>
        <translation>&amp;Service</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Outils</translation>
    </message>
    <message>
        <source>He&amp;lp</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>Se &amp;déconnecter</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Pre-shift check…</source>
        <translation>&amp;Vérification de début de service…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Paramètres…</translation>
    </message>
    <message>
        <source>T&amp;raining…</source>
        <translation>&amp;Formation…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>Export &amp;diagnostics…</source>
        <translation>Exporter les &amp;diagnostics…</translation>
    </message>
    <message>
        <source>&amp;About HomeAgent</source>
        <translation>À &amp;propos de HomeAgent</translation>
    </message>
    <message>
        <source>Export diagnostics</source>
        <translation>Exporter les diagnostics</translation>
    </message>
    <message>
        <source>Zip files (*.zip)</source>
        <translation>Fichiers zip (*.zip)</translation>
    </message>
    <message>
        <source>Exporting diagnostics…</source>
        <translation>Export des diagnostics…</translation>
    </message>
    <message>
        <source>Diagnostics saved to {path}</source>
        <translation>Diagnostics enregistrés dans {path}</translation>
    </message>
    <message>
        <source>Diagnostics not saved: {error}</source>
        <translation>Diagnostics non enregistrés&#xa0;: {error}</translation>
    </message>
    <message>
        <source>About HomeAgent</source>
        <translation>À propos de HomeAgent</translation>
    </message>
    <message>
        <source>HomeAgent {version}
Softphone and agent desktop for call-centre operators.</source>
        <translation>HomeAgent {version}
Téléphone logiciel et poste de travail pour les conseillers de centres d&apos;appels.</translation>
    </message>
    <message>
        <source>{title} — DEMO</source>
        <translation>{title} — DÉMO</translation>
    </message>
</context>
<context>
    <name>ElidedLabel</name>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Search the call history</source>
        <translation>Rechercher dans l&apos;historique des appels</translation>
    </message>
    <message>
        <source>Search by number or name (Ctrl+F)</source>
        <translation>Rechercher par numéro ou par nom (Ctrl+F)</translation>
    </message>
    <message>
        <source>Call history status</source>
        <translation>État de l&apos;historique des appels</translation>
    </message>
    <message>
        <source>Call back</source>
        <translation>Rappeler</translation>
    </message>
    <message>
        <source>Call history</source>
        <translation>Historique des appels</translation>
    </message>
    <message>
        <source>Add note to ticket…</source>
        <translation>Ajouter une note au ticket…</translation>
    </message>
</context>
<context>
    <name>HistoryTableModel</name>
    <message>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>Sens</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>Numéro</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Qualification</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Manqué</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>Entrant</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>Sortant</translation>
    </message>
    <message>
        <source>{direction} (in progress)</source>
        <translation>{direction} (en cours)</translation>
    </message>
    <message>
        <source>Unknown number</source>
        <translation>Numéro inconnu</translation>
    </message>
</context>
<context>
    <name>HistoryViewModel</name>
    <message>
        <source>Searching…</source>
        <translation>Recherche en cours…</translation>
    </message>
    <message>
        <source>Loading the history…</source>
        <translation>Chargement de l&apos;historique…</translation>
    </message>
    <message>
        <source>No call matches “{query}”.</source>
        <translation>Aucun appel ne correspond à «&#xa0;{query}&#xa0;».</translation>
    </message>
    <message>
        <source>No calls yet.</source>
        <translation>Aucun appel pour l&apos;instant.</translation>
    </message>
    <message>
        <source>The {count} most recent matches.</source>
        <translation>Les {count} résultats les plus récents.</translation>
    </message>
    <message>
        <source>The {count} most recent calls.</source>
        <translation>Les {count} appels les plus récents.</translation>
    </message>
    <message>
        <source>{count} matching calls.</source>
        <translation>{count} appels correspondants.</translation>
    </message>
    <message>
        <source>{count} calls.</source>
        <translation>{count} appels.</translation>
    </message>
    <message>
        <source>The call history could not be read or saved.</source>
        <translation>L&apos;historique des appels n&apos;a pas pu être lu ou enregistré.</translation>
    </message>
</context>
<context>
    <name>LineBanner</name>
    <message>
        <source>Problem with the phone line</source>
        <translation>Problème sur la ligne téléphonique</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Réessayer maintenant</translation>
    </message>
</context>
<context>
    <name>MyDayChart</name>
    <message>
        <source>Calls per hour and tickets by category</source>
        <translation>Appels par heure et tickets par catégorie</translation>
    </message>
    <message>
        <source>Calls per hour</source>
        <translation>Appels par heure</translation>
    </message>
    <message>
        <source>Handled</source>
        <translation>Traités</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>Manqués</translation>
    </message>
    <message>
        <source>Tickets by category</source>
        <translation>Tickets par catégorie</translation>
    </message>
</context>
<context>
    <name>MyDayViewModel</name>
    <message>
        <source>Calls handled</source>
        <translation>Appels traités</translation>
    </message>
    <message>
        <source>Missed calls</source>
        <translation>Appels manqués</translation>
    </message>
    <message>
        <source>Talk time</source>
        <translation>Temps de conversation</translation>
    </message>
    <message>
        <source>Average handling time</source>
        <translation>Durée moyenne de traitement</translation>
    </message>
    <message>
        <source>Tickets</source>
        <translation>Tickets</translation>
    </message>
    <message>
        <source>Breaks taken</source>
        <translation>Pauses prises</translation>
    </message>
    <message>
        <source>Break time</source>
        <translation>Temps de pause</translation>
    </message>
    <message>
        <source>Time worked</source>
        <translation>Temps travaillé</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>Demande</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>Réclamation</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>{handled} calls handled, {missed} missed, talk time {talk}, {tickets} tickets.</source>
        <translation>{handled} appels traités, {missed} manqués, temps de conversation {talk}, {tickets} tickets.</translation>
    </message>
</context>
<context>
    <name>NoteDialog</name>
    <message>
        <source>Add a note to a ticket</source>
        <translation>Ajouter une note à un ticket</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Ticket: {subject}</source>
        <translation>Ticket&#xa0;: {subject}</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Note state</source>
        <translation>État de la note</translation>
    </message>
    <message>
        <source>&amp;Add note</source>
        <translation>&amp;Ajouter la note</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Ajouter la note</translation>
    </message>
    <message>
        <source>Add note ({keys})</source>
        <translation>Ajouter la note ({keys})</translation>
    </message>
    <message>
        <source>Close, keep the draft</source>
        <translation>Fermer et garder le brouillon</translation>
    </message>
</context>
<context>
    <name>PreShiftDialog</name>
    <message>
        <source>Pre-shift check</source>
        <translation>Vérification de début de service</translation>
    </message>
    <message>
        <source>Checks done</source>
        <translation>Vérifications effectuées</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>Relancer</translation>
    </message>
    <message>
        <source>Run the check again</source>
        <translation>Relancer la vérification</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>PreShiftViewModel</name>
    <message>
        <source>Phone line</source>
        <translation>Ligne téléphonique</translation>
    </message>
    <message>
        <source>Company server and clock</source>
        <translation>Serveur de l&apos;entreprise et horloge</translation>
    </message>
    <message>
        <source>Password storage</source>
        <translation>Stockage des mots de passe</translation>
    </message>
    <message>
        <source>Headset</source>
        <translation>Casque</translation>
    </message>
    <message>
        <source>Microphone and speaker test</source>
        <translation>Test du micro et du haut-parleur</translation>
    </message>
    <message>
        <source>Not run yet</source>
        <translation>Pas encore lancé</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Vérification en cours…</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Attention</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>Not available</source>
        <translation>Non disponible</translation>
    </message>
    <message>
        <source>round trip {median} ms, jitter {jitter} ms, loss {loss} %</source>
        <translation>aller-retour {median}&#xa0;ms, gigue {jitter}&#xa0;ms, perte {loss}&#xa0;%</translation>
    </message>
    <message>
        <source>round trip {rtt} ms, clock off by {skew} s</source>
        <translation>aller-retour {rtt}&#xa0;ms, décalage d&apos;horloge {skew}&#xa0;s</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation> et {n} de plus</translation>
    </message>
    <message>
        <source>microphone level {level} %</source>
        <translation>niveau du micro {level}&#xa0;%</translation>
    </message>
    <message>
        <source>Ready for your shift</source>
        <translation>Tout est prêt pour votre service</translation>
    </message>
    <message>
        <source>Ready, but some things could be better</source>
        <translation>Tout est prêt, mais certains points peuvent être améliorés</translation>
    </message>
    <message>
        <source>Not ready: please fix the problems below</source>
        <translation>Impossible de commencer&#xa0;: veuillez corriger les problèmes ci-dessous</translation>
    </message>
    <message>
        <source>Not checked yet</source>
        <translation>Pas encore vérifié</translation>
    </message>
    <message>
        <source>The phone line cannot be reached. Check your internet connection and VPN.</source>
        <translation>La ligne téléphonique est injoignable. Vérifiez votre connexion Internet et le VPN.</translation>
    </message>
    <message>
        <source>The phone line&apos;s security certificate was refused. Call IT support.</source>
        <translation>Le certificat de sécurité de la ligne téléphonique a été refusé. Appelez le support informatique.</translation>
    </message>
    <message>
        <source>No phone line is set up on this computer.</source>
        <translation>Aucune ligne téléphonique n&apos;est configurée sur cet ordinateur.</translation>
    </message>
    <message>
        <source>Some of the voice data is lost: calls may break up.</source>
        <translation>Une partie des données vocales est perdue&#xa0;: la voix risque d&apos;être hachée.</translation>
    </message>
    <message>
        <source>Use a network cable instead of Wi-Fi, or move closer to your router.</source>
        <translation>Utilisez un câble réseau plutôt que le Wi-Fi, ou rapprochez-vous de votre box Internet.</translation>
    </message>
    <message>
        <source>The connection is slow: callers may hear a delay. Stop videos and downloads.</source>
        <translation>La connexion est lente&#xa0;: vos correspondants risquent d&apos;entendre un décalage. Arrêtez les vidéos et les téléchargements.</translation>
    </message>
    <message>
        <source>The company server cannot be reached. Check your internet connection.</source>
        <translation>Le serveur de l&apos;entreprise est injoignable. Vérifiez votre connexion Internet.</translation>
    </message>
    <message>
        <source>No company server is set up on this computer.</source>
        <translation>Aucun serveur d&apos;entreprise n&apos;est configuré sur cet ordinateur.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is wrong. Set the date and time to update automatically.</source>
        <translation>L&apos;horloge de cet ordinateur n&apos;est pas à l&apos;heure. Réglez la date et l&apos;heure en mode automatique.</translation>
    </message>
    <message>
        <source>The company server answers slowly: customer details may take time to appear.</source>
        <translation>Le serveur de l&apos;entreprise répond lentement&#xa0;: les fiches clients peuvent mettre du temps à s&apos;afficher.</translation>
    </message>
    <message>
        <source>Passwords cannot be kept safely on this computer: you will type yours at each start. Tell IT support.</source>
        <translation>Les mots de passe ne peuvent pas être conservés en sécurité sur cet ordinateur&#xa0;: vous devrez saisir le vôtre à chaque démarrage. Prévenez le support informatique.</translation>
    </message>
    <message>
        <source>No microphone or speaker found. Plug in your headset.</source>
        <translation>Aucun micro ni haut-parleur détecté. Branchez votre casque.</translation>
    </message>
    <message>
        <source>No headset found. Plug in your headset before calls.</source>
        <translation>Aucun casque détecté. Branchez votre casque avant de prendre des appels.</translation>
    </message>
    <message>
        <source>Cannot tell whether a headset is plugged in.</source>
        <translation>Impossible de savoir si un casque est branché.</translation>
    </message>
    <message>
        <source>Your microphone heard nothing. Check that it is not muted, and speak during the test.</source>
        <translation>Votre micro n&apos;a rien capté. Vérifiez qu&apos;il n&apos;est pas coupé et parlez pendant le test.</translation>
    </message>
    <message>
        <source>The sound test failed. Check your headset is plugged in.</source>
        <translation>Le test du son a échoué. Vérifiez que votre casque est branché.</translation>
    </message>
    <message>
        <source>The sound test is not available here.</source>
        <translation>Le test du son n&apos;est pas disponible ici.</translation>
    </message>
    <message>
        <source>A check took too long. Run the check again.</source>
        <translation>Une vérification a pris trop de temps. Relancez la vérification.</translation>
    </message>
</context>
<context>
    <name>ProductPanel</name>
    <message>
        <source>Products</source>
        <translation>Produits</translation>
    </message>
    <message>
        <source>Search products</source>
        <translation>Rechercher des produits</translation>
    </message>
    <message>
        <source>Search products by name or category</source>
        <translation>Rechercher des produits par nom ou par catégorie</translation>
    </message>
    <message>
        <source>Products found</source>
        <translation>Produits trouvés</translation>
    </message>
    <message>
        <source>Product name</source>
        <translation>Nom du produit</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>Product description</source>
        <translation>Description du produit</translation>
    </message>
    <message>
        <source>Help articles</source>
        <translation>Articles d&apos;aide</translation>
    </message>
    <message>
        <source>Help article</source>
        <translation>Article d&apos;aide</translation>
    </message>
    <message>
        <source>{kind}: {title}</source>
        <translation>{kind}&#xa0;: {title}</translation>
    </message>
</context>
<context>
    <name>ProductViewModel</name>
    <message>
        <source>Searching the catalogue…</source>
        <translation>Recherche dans le catalogue…</translation>
    </message>
    <message>
        <source>The catalogue cannot be reached now. Try again in a moment.</source>
        <translation>Le catalogue est injoignable pour le moment. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>No product matches “{query}”.</source>
        <translation>Aucun produit ne correspond à «&#xa0;{query}&#xa0;».</translation>
    </message>
    <message>
        <source>The catalogue is empty.</source>
        <translation>Le catalogue est vide.</translation>
    </message>
    <message>
        <source>Loading the product…</source>
        <translation>Chargement du produit…</translation>
    </message>
    <message>
        <source>Shown from memory: the catalogue cannot be reached now.</source>
        <translation>Données locales affichées&#xa0;: le catalogue est injoignable pour le moment.</translation>
    </message>
    <message>
        <source>This product is no longer in the catalogue.</source>
        <translation>Ce produit ne figure plus au catalogue.</translation>
    </message>
    <message>
        <source>The product cannot be loaded now. Try again in a moment.</source>
        <translation>Le produit ne peut pas être chargé pour le moment. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>Pick a product to see its description and help articles.</source>
        <translation>Choisissez un produit pour voir sa description et ses articles d&apos;aide.</translation>
    </message>
    <message>
        <source>Troubleshooting</source>
        <translation>Dépannage</translation>
    </message>
    <message>
        <source>FAQ</source>
        <translation>FAQ</translation>
    </message>
</context>
<context>
    <name>RingingPanel</name>
    <message>
        <source>Incoming call</source>
        <translation>Appel entrant</translation>
    </message>
    <message>
        <source>Caller number</source>
        <translation>Numéro de l&apos;appelant</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>Appelant</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Répondre</translation>
    </message>
    <message>
        <source>Decline</source>
        <translation>Refuser</translation>
    </message>
    <message>
        <source>Call waiting — a second call</source>
        <translation>Signal d&apos;appel — un second appel arrive</translation>
    </message>
    <message>
        <source>Looking up the caller…</source>
        <translation>Identification de l&apos;appelant…</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Set by your IT department</source>
        <translation>Défini par votre service informatique</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Général</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Ringtone</source>
        <translation>Sonnerie</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Par défaut</translation>
    </message>
    <message>
        <source>Answer calls automatically</source>
        <translation>Répondre automatiquement aux appels</translation>
    </message>
    <message>
        <source>Seconds before answering</source>
        <translation>Secondes avant de répondre</translation>
    </message>
    <message>
        <source> s</source>
        <translation>&#xa0;s</translation>
    </message>
    <message>
        <source>Auto-answer</source>
        <translation>Réponse automatique</translation>
    </message>
    <message>
        <source>Start HomeAgent when I log in</source>
        <translation>Lancer HomeAgent à l&apos;ouverture de ma session</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrage</translation>
    </message>
    <message>
        <source>Not available on this system</source>
        <translation>Non disponible sur ce système</translation>
    </message>
    <message>
        <source>Audio devices</source>
        <translation>Périphériques audio</translation>
    </message>
    <message>
        <source>Audio devices unavailable</source>
        <translation>Périphériques audio indisponibles</translation>
    </message>
    <message>
        <source>Echo cancellation</source>
        <translation>Annulation d&apos;écho</translation>
    </message>
    <message>
        <source>Microphone</source>
        <translation>Micro</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Haut-parleur</translation>
    </message>
    <message>
        <source>Ringer</source>
        <translation>Sortie de la sonnerie</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Par défaut du système</translation>
    </message>
    <message>
        <source>{device} volume</source>
        <translation>{device}&#xa0;: volume</translation>
    </message>
    <message>
        <source>The new language applies the next time HomeAgent starts.</source>
        <translation>La nouvelle langue s&apos;appliquera au prochain démarrage de HomeAgent.</translation>
    </message>
    <message>
        <source>Your settings could not be saved.</source>
        <translation>Vos paramètres n&apos;ont pas pu être enregistrés.</translation>
    </message>
    <message>
        <source>Starting with the session could not be changed.</source>
        <translation>Le lancement à l&apos;ouverture de session n&apos;a pas pu être modifié.</translation>
    </message>
</context>
<context>
    <name>ShiftBar</name>
    <message>
        <source>Shift</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Clock in</source>
        <translation>Pointer l&apos;arrivée</translation>
    </message>
    <message>
        <source>Start break</source>
        <translation>Commencer une pause</translation>
    </message>
    <message>
        <source>Start a break ({keys}); the arrow picks the reason</source>
        <translation>Commencer une pause ({keys})&#xa0;; la flèche permet de choisir le motif</translation>
    </message>
    <message>
        <source>End break</source>
        <translation>Terminer la pause</translation>
    </message>
    <message>
        <source>Clock out</source>
        <translation>Pointer le départ</translation>
    </message>
    <message>
        <source>Worked today</source>
        <translation>Temps travaillé aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Break time today</source>
        <translation>Temps de pause aujourd&apos;hui</translation>
    </message>
    <message>
        <source>Last punch</source>
        <translation>Dernier pointage</translation>
    </message>
    <message>
        <source>Shift message</source>
        <translation>Message de service</translation>
    </message>
    <message>
        <source>Agent status</source>
        <translation>Statut agent</translation>
    </message>
    <message>
        <source>Timesheet…</source>
        <translation>Feuille de temps…</translation>
    </message>
    <message>
        <source>Timesheet of the week</source>
        <translation>Feuille de temps de la semaine</translation>
    </message>
    <message>
        <source>Clock &amp;in</source>
        <translation>Pointer l&apos;&amp;arrivée</translation>
    </message>
    <message>
        <source>Start or end a &amp;break</source>
        <translation>Commencer ou terminer une &amp;pause</translation>
    </message>
    <message>
        <source>Clock &amp;out</source>
        <translation>Pointer le &amp;départ</translation>
    </message>
    <message>
        <source>&amp;Timesheet…</source>
        <translation>&amp;Feuille de temps…</translation>
    </message>
    <message>
        <source>{action} ({keys})</source>
        <translation>{action} ({keys})</translation>
    </message>
    <message>
        <source>Agent status: {status}</source>
        <translation>Statut agent&#xa0;: {status}</translation>
    </message>
</context>
<context>
    <name>ShiftViewModel</name>
    <message>
        <source>Not clocked in</source>
        <translation>Arrivée non pointée</translation>
    </message>
    <message>
        <source>On break ({reason}) since {time}</source>
        <translation>En pause ({reason}) depuis {time}</translation>
    </message>
    <message>
        <source>On break since {time}</source>
        <translation>En pause depuis {time}</translation>
    </message>
    <message>
        <source>Working since {time}</source>
        <translation>En service depuis {time}</translation>
    </message>
    <message>
        <source>{state} — saving the punch…</source>
        <translation>{state} — enregistrement du pointage…</translation>
    </message>
    <message>
        <source>{state} — clock-out when the call ends</source>
        <translation>{state} — départ pointé à la fin de l&apos;appel</translation>
    </message>
    <message>
        <source>{punch}: received by the server {time}</source>
        <translation>{punch}&#xa0;: pointage reçu par le serveur à {time}</translation>
    </message>
    <message>
        <source>{punch}: saved on this computer {time}</source>
        <translation>{punch}&#xa0;: pointage enregistré sur cet ordinateur à {time}</translation>
    </message>
    <message>
        <source>Worked {time}</source>
        <translation>Travaillé {time}</translation>
    </message>
    <message>
        <source>Breaks {time}</source>
        <translation>Pauses {time}</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>Disponible</translation>
    </message>
    <message>
        <source>Not ready</source>
        <translation>Indisponible</translation>
    </message>
    <message>
        <source>Not ready — {reason}</source>
        <translation>Indisponible — {reason}</translation>
    </message>
    <message>
        <source>On call</source>
        <translation>En communication</translation>
    </message>
    <message>
        <source>Wrap-up</source>
        <translation>Post-appel</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <source>Not ready — on break</source>
        <translation>Indisponible — en pause</translation>
    </message>
    <message>
        <source>the phone engine is not running</source>
        <translation>le moteur téléphonique ne fonctionne pas</translation>
    </message>
    <message>
        <source>the phone line is not connected</source>
        <translation>la ligne téléphonique n&apos;est pas connectée</translation>
    </message>
    <message>
        <source>no headset or microphone found</source>
        <translation>aucun casque ni micro détecté</translation>
    </message>
    <message>
        <source>a technical problem ({code})</source>
        <translation>un problème technique ({code})</translation>
    </message>
    <message>
        <source>Clock in</source>
        <translation>Arrivée</translation>
    </message>
    <message>
        <source>Clock out</source>
        <translation>Départ</translation>
    </message>
    <message>
        <source>Break start</source>
        <translation>Début de pause</translation>
    </message>
    <message>
        <source>Break end</source>
        <translation>Fin de pause</translation>
    </message>
    <message>
        <source>You did not clock out at the end of your last shift.</source>
        <translation>Vous n&apos;avez pas pointé votre départ à la fin de votre dernier service.</translation>
    </message>
    <message>
        <source>You did not clock out after your shift of {day} (last punch at {time}). Clock out now, then clock in, and tell your supervisor when you stopped.</source>
        <translation>Vous n&apos;avez pas pointé votre départ après votre service du {day} (dernier pointage à {time}). Pointez votre départ maintenant, puis votre arrivée, et indiquez à votre superviseur l&apos;heure à laquelle vous avez arrêté.</translation>
    </message>
    <message>
        <source>You will be clocked out when the call and its wrap-up end.</source>
        <translation>Votre départ sera pointé à la fin de l&apos;appel et de son post-appel.</translation>
    </message>
    <message>
        <source>The punch could not be saved on this computer ({detail}). Try again; if it keeps failing, tell your supervisor.</source>
        <translation>Le pointage n&apos;a pas pu être enregistré sur cet ordinateur ({detail}). Réessayez&#xa0;; si le problème persiste, prévenez votre superviseur.</translation>
    </message>
    <message>
        <source>That punch is not possible now.</source>
        <translation>Ce pointage n&apos;est pas possible pour le moment.</translation>
    </message>
</context>
<context>
    <name>Shortcut</name>
    <message>
        <source>{action} ({keys})</source>
        <translation>{action} ({keys})</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Answer the ringing call (or call the number typed)</source>
        <translation>Répondre à l&apos;appel entrant (ou appeler le numéro saisi)</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>Raccrocher</translation>
    </message>
    <message>
        <source>Hold / resume</source>
        <translation>Mettre en attente / reprendre</translation>
    </message>
    <message>
        <source>Mute / unmute</source>
        <translation>Couper / réactiver le micro</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>Transférer</translation>
    </message>
    <message>
        <source>Keypad tones during a call</source>
        <translation>Tonalités du clavier (DTMF) pendant un appel</translation>
    </message>
    <message>
        <source>Clock in</source>
        <translation>Pointer l&apos;arrivée</translation>
    </message>
    <message>
        <source>Start / end a break</source>
        <translation>Commencer / terminer une pause</translation>
    </message>
    <message>
        <source>Clock out</source>
        <translation>Pointer le départ</translation>
    </message>
    <message>
        <source>Go to the ticket notes</source>
        <translation>Aller aux notes du ticket</translation>
    </message>
    <message>
        <source>Submit the ticket and wrap-up</source>
        <translation>Envoyer le ticket et terminer le post-appel</translation>
    </message>
    <message>
        <source>Customer, Products, History, My day</source>
        <translation>Client, Produits, Historique, Ma journée</translation>
    </message>
    <message>
        <source>Search in the tab in front (customers, products, history)</source>
        <translation>Rechercher dans l&apos;onglet affiché (clients, produits, historique)</translation>
    </message>
    <message>
        <source>This sheet</source>
        <translation>Cet aide-mémoire</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Quitter</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Touches</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
</context>
<context>
    <name>SignInBox</name>
    <message>
        <source>Sign in</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Remember password</source>
        <translation>Mémoriser le mot de passe</translation>
    </message>
    <message>
        <source>Sign out</source>
        <translation>Se déconnecter</translation>
    </message>
    <message>
        <source>&amp;User name</source>
        <translation>&amp;Identifiant</translation>
    </message>
    <message>
        <source>&amp;Password</source>
        <translation>&amp;Mot de passe</translation>
    </message>
</context>
<context>
    <name>SoftphoneText</name>
    <message>
        <source>Type a number to call.</source>
        <translation>Saisissez un numéro à appeler.</translation>
    </message>
    <message>
        <source>That number contains characters that cannot be dialled.</source>
        <translation>Ce numéro contient des caractères qui ne peuvent pas être composés.</translation>
    </message>
    <message>
        <source>That is not a phone number.</source>
        <translation>Ce n&apos;est pas un numéro de téléphone.</translation>
    </message>
    <message>
        <source>That number has the wrong length for its country.</source>
        <translation>Ce numéro n&apos;a pas la bonne longueur pour son pays.</translation>
    </message>
    <message>
        <source>No phone server is configured for dialling. Contact IT.</source>
        <translation>Aucun serveur téléphonique n&apos;est configuré pour les appels. Contactez le service informatique.</translation>
    </message>
    <message>
        <source>That SIP address is not valid.</source>
        <translation>Cette adresse SIP n&apos;est pas valide.</translation>
    </message>
    <message>
        <source>That number cannot be dialled.</source>
        <translation>Ce numéro ne peut pas être composé.</translation>
    </message>
    <message>
        <source>Sign in before making a call.</source>
        <translation>Connectez-vous avant de passer un appel.</translation>
    </message>
    <message>
        <source>You already have two calls. End one first.</source>
        <translation>Vous avez déjà deux appels. Terminez-en un d&apos;abord.</translation>
    </message>
    <message>
        <source>The phone engine stopped unexpectedly. Calls in progress were lost; it is restarting.</source>
        <translation>Le moteur téléphonique s&apos;est arrêté de façon inattendue. Les appels en cours ont été perdus&#xa0;; il redémarre.</translation>
    </message>
    <message>
        <source>The transfer failed ({detail}). The caller is still on your line.</source>
        <translation>Le transfert a échoué ({detail}). L&apos;appelant est toujours en ligne avec vous.</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Saisissez votre identifiant et votre mot de passe.</translation>
    </message>
    <message>
        <source>No phone server is configured on this computer. Contact IT.</source>
        <translation>Aucun serveur téléphonique n&apos;est configuré sur cet ordinateur. Contactez le service informatique.</translation>
    </message>
    <message>
        <source>The system keyring is unavailable: your password cannot be remembered on this computer.</source>
        <translation>Le trousseau du système est indisponible&#xa0;: votre mot de passe ne peut pas être mémorisé sur cet ordinateur.</translation>
    </message>
    <message>
        <source>Enter your password to sign in.</source>
        <translation>Saisissez votre mot de passe pour vous connecter.</translation>
    </message>
    <message>
        <source>Wrong user name or password.</source>
        <translation>Identifiant ou mot de passe incorrect.</translation>
    </message>
    <message>
        <source>Too many attempts: your account is locked for {detail} s. Try again then.</source>
        <translation>Trop de tentatives&#xa0;: votre compte est bloqué pendant {detail}&#xa0;s. Réessayez ensuite.</translation>
    </message>
    <message>
        <source>The company server cannot be reached. Check your internet connection; HomeAgent keeps trying.</source>
        <translation>Le serveur de l&apos;entreprise est injoignable. Vérifiez votre connexion Internet&#xa0;; HomeAgent continue d&apos;essayer.</translation>
    </message>
    <message>
        <source>The company server&apos;s certificate was refused: this connection may be intercepted. Your password was not sent. Tell IT.</source>
        <translation>Le certificat du serveur de l’entreprise a été refusé : cette connexion est peut-être interceptée. Votre mot de passe n’a pas été envoyé. Prévenez l’informatique.</translation>
    </message>
    <message>
        <source>The company server refused ({detail}).</source>
        <translation>Le serveur de l&apos;entreprise a refusé ({detail}).</translation>
    </message>
    <message>
        <source>Sign-in failed ({detail}). Contact IT.</source>
        <translation>La connexion a échoué ({detail}). Contactez le service informatique.</translation>
    </message>
    <message>
        <source>This computer&apos;s clock is {detail} s off the company&apos;s. Your punches carry this computer&apos;s time: ask IT to fix the clock.</source>
        <translation>L&apos;horloge de cet ordinateur est décalée de {detail}&#xa0;s par rapport à celle de l&apos;entreprise. Vos pointages portent l&apos;heure de cet ordinateur&#xa0;: demandez au service informatique de corriger l&apos;horloge.</translation>
    </message>
    <message>
        <source>You did not clock out last time (clocked in since {detail}). Clock out now and tell your supervisor the right time.</source>
        <translation>Vous n&apos;avez pas pointé votre départ la dernière fois (arrivée pointée depuis {detail}). Pointez votre départ maintenant et indiquez l&apos;heure exacte à votre superviseur.</translation>
    </message>
    <message>
        <source>Your punch could NOT be saved ({detail}). Try again; if it keeps failing, tell your supervisor the time.</source>
        <translation>Votre pointage n&apos;a PAS pu être enregistré ({detail}). Réessayez&#xa0;; si le problème persiste, indiquez l&apos;heure à votre superviseur.</translation>
    </message>
    <message>
        <source>That punch does not fit your shift right now.</source>
        <translation>Ce pointage ne correspond pas à votre service en ce moment.</translation>
    </message>
    <message>
        <source>You will be clocked out as soon as this call and its wrap-up end.</source>
        <translation>Votre départ sera pointé dès la fin de cet appel et de son post-appel.</translation>
    </message>
    <message>
        <source>Something went wrong ({code}).</source>
        <translation>Une erreur s&apos;est produite ({code}).</translation>
    </message>
    <message>
        <source>That call has already ended.</source>
        <translation>Cet appel est déjà terminé.</translation>
    </message>
    <message>
        <source>Those keys cannot be sent on this call.</source>
        <translation>Ces touches ne peuvent pas être envoyées sur cet appel.</translation>
    </message>
    <message>
        <source>The phone engine is still starting. Try again shortly.</source>
        <translation>Le moteur téléphonique est encore en cours de démarrage. Réessayez dans un instant.</translation>
    </message>
    <message>
        <source>The consultation call has ended; nothing was transferred.</source>
        <translation>Le double appel est terminé&#xa0;; rien n&apos;a été transféré.</translation>
    </message>
    <message>
        <source>The phone system refused: {detail}</source>
        <translation>Le système téléphonique a refusé&#xa0;: {detail}</translation>
    </message>
    <message>
        <source>The phone engine could not do that ({code}).</source>
        <translation>Le moteur téléphonique n&apos;a pas pu effectuer cette action ({code}).</translation>
    </message>
    <message>
        <source>This user name is unknown to the phone server.</source>
        <translation>Cet identifiant est inconnu du serveur téléphonique.</translation>
    </message>
    <message>
        <source>The phone server did not answer (timeout).</source>
        <translation>Le serveur téléphonique n&apos;a pas répondu (délai dépassé).</translation>
    </message>
    <message>
        <source>The phone server (registrar) is unreachable.</source>
        <translation>Le serveur téléphonique (registrar) est injoignable.</translation>
    </message>
    <message>
        <source>The phone server&apos;s TLS certificate was refused.</source>
        <translation>Le certificat TLS du serveur téléphonique a été refusé.</translation>
    </message>
    <message>
        <source>The phone server reported an error ({code}).</source>
        <translation>Le serveur téléphonique a signalé une erreur ({code}).</translation>
    </message>
    <message>
        <source>Sign-in failed ({code} {reason}).</source>
        <translation>La connexion a échoué ({code} {reason}).</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Held by the other party</source>
        <translation>Mis en attente par le correspondant</translation>
    </message>
    <message>
        <source>Muted</source>
        <translation>Micro coupé</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>En communication</translation>
    </message>
    <message>
        <source>Calling…</source>
        <translation>Appel en cours…</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>Sonnerie en cours…</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Appel entrant</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Mise en relation…</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <source>MOS {mos} · jitter {jitter} ms · loss {loss}%</source>
        <translation>MOS {mos} · gigue {jitter}&#xa0;ms · perte {loss}&#xa0;%</translation>
    </message>
    <message>
        <source>The call was cut: no sound came from the other side.</source>
        <translation>L&apos;appel a été coupé&#xa0;: aucun son ne parvenait du correspondant.</translation>
    </message>
    <message>
        <source>Missed call: the caller hung up before you answered.</source>
        <translation>Appel manqué&#xa0;: l&apos;appelant a raccroché avant que vous ne répondiez.</translation>
    </message>
    <message>
        <source>The line is busy.</source>
        <translation>La ligne est occupée.</translation>
    </message>
    <message>
        <source>The call was declined.</source>
        <translation>L&apos;appel a été refusé.</translation>
    </message>
    <message>
        <source>That number does not exist.</source>
        <translation>Ce numéro n&apos;existe pas.</translation>
    </message>
    <message>
        <source>The person you called is unavailable.</source>
        <translation>Votre correspondant n&apos;est pas disponible.</translation>
    </message>
    <message>
        <source>No answer.</source>
        <translation>Pas de réponse.</translation>
    </message>
    <message>
        <source>The call could not be connected (network).</source>
        <translation>L&apos;appel n&apos;a pas pu aboutir (réseau).</translation>
    </message>
    <message>
        <source>The call failed.</source>
        <translation>L&apos;appel a échoué.</translation>
    </message>
</context>
<context>
    <name>SoftphoneViewModel</name>
    <message>
        <source>Press Enter to call this number.</source>
        <translation>Appuyez sur Entrée pour appeler ce numéro.</translation>
    </message>
    <message>
        <source>Phone engine down, restarting…</source>
        <translation>Moteur téléphonique arrêté, redémarrage…</translation>
    </message>
    <message>
        <source>Looking up your saved password…</source>
        <translation>Recherche de votre mot de passe enregistré…</translation>
    </message>
    <message>
        <source>Ready: signed in as {user}</source>
        <translation>Prêt&#xa0;: session ouverte pour {user}</translation>
    </message>
    <message>
        <source>Signing in as {user}…</source>
        <translation>Connexion en tant que {user}…</translation>
    </message>
    <message>
        <source>Not signed in: {why}</source>
        <translation>Non connecté&#xa0;: {why}</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Déconnecté</translation>
    </message>
    <message>
        <source>The phone engine stopped and is restarting; you will be signed in again automatically.</source>
        <translation>Le moteur téléphonique s&apos;est arrêté et redémarre&#xa0;; votre session sera rouverte automatiquement.</translation>
    </message>
    <message>
        <source>Retrying automatically in {n} s.</source>
        <translation>Nouvel essai automatique dans {n}&#xa0;s.</translation>
    </message>
    <message>
        <source>Retrying automatically.</source>
        <translation>Nouvel essai automatique.</translation>
    </message>
    <message>
        <source>Check your user name and password, then sign in again.</source>
        <translation>Vérifiez votre identifiant et votre mot de passe, puis reconnectez-vous.</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>Appelant inconnu</translation>
    </message>
    <message>
        <source>Withheld number</source>
        <translation>Numéro masqué</translation>
    </message>
    <message>
        <source>{number} — “{name}”</source>
        <translation>{number} — «&#xa0;{name}&#xa0;»</translation>
    </message>
</context>
<context>
    <name>SoftphoneWindow</name>
    <message>
        <source>HomeAgent</source>
        <translation>HomeAgent</translation>
    </message>
    <message>
        <source>{title} — DEMO</source>
        <translation>{title} — DÉMO</translation>
    </message>
    <message>
        <source>Demo mode</source>
        <translation>Mode démo</translation>
    </message>
    <message>
        <source>DEMO — simulated phone line, no real calls are made.</source>
        <translation>DÉMO — ligne téléphonique simulée, aucun appel réel n&apos;est passé.</translation>
    </message>
    <message>
        <source>Line status</source>
        <translation>État de la ligne</translation>
    </message>
</context>
<context>
    <name>SyncDialog</name>
    <message>
        <source>Items waiting to be sent</source>
        <translation>Éléments en attente d&apos;envoi</translation>
    </message>
    <message>
        <source>Failed items</source>
        <translation>Éléments en échec</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Élément</translation>
    </message>
    <message>
        <source>Server&apos;s reason</source>
        <translation>Motif du serveur</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Enregistré le</translation>
    </message>
    <message>
        <source>Server&apos;s reason for the selected item</source>
        <translation>Motif du serveur pour l&apos;élément sélectionné</translation>
    </message>
    <message>
        <source>Working…</source>
        <translation>Traitement en cours…</translation>
    </message>
    <message>
        <source>Retry now</source>
        <translation>Réessayer maintenant</translation>
    </message>
    <message>
        <source>Retry failed</source>
        <translation>Réessayer les échecs</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exporter…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Export failed items</source>
        <translation>Exporter les éléments en échec</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>Fichiers JSON (*.json)</translation>
    </message>
    <message>
        <source>HomeAgent</source>
        <translation>HomeAgent</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Sync status: {summary}</source>
        <translation>État de la synchronisation&#xa0;: {summary}</translation>
    </message>
</context>
<context>
    <name>SyncViewModel</name>
    <message>
        <source>Not syncing</source>
        <translation>Synchronisation inactive</translation>
    </message>
    <message numerus="yes">
        <source>%n failed</source>
        <translation>
            <numerusform>%n en échec</numerusform>
            <numerusform>%n en échec</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n en attente</numerusform>
            <numerusform>%n en attente</numerusform>
        </translation>
    </message>
    <message>
        <source>All sent</source>
        <translation>Tout est envoyé</translation>
    </message>
    <message>
        <source>Signed out: items will be sent after you sign in again.</source>
        <translation>Session fermée&#xa0;: les éléments seront envoyés quand vous vous reconnecterez.</translation>
    </message>
    <message>
        <source>The company server cannot be reached: items are kept and sent later.</source>
        <translation>Le serveur de l&apos;entreprise est injoignable&#xa0;: les éléments sont conservés et seront envoyés plus tard.</translation>
    </message>
    <message>
        <source>The server refused some items. Retry them, or export them for IT.</source>
        <translation>Le serveur a refusé certains éléments. Réessayez-les, ou exportez-les pour le service informatique.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Envoi en cours…</translation>
    </message>
    <message>
        <source>Everything has been sent.</source>
        <translation>Tout a été envoyé.</translation>
    </message>
    <message>
        <source>Punch</source>
        <translation>Pointage</translation>
    </message>
    <message>
        <source>Status change</source>
        <translation>Changement de statut</translation>
    </message>
    <message>
        <source>Ticket</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Ticket note</source>
        <translation>Note de ticket</translation>
    </message>
    <message>
        <source>Call record</source>
        <translation>Journal d&apos;appel</translation>
    </message>
    <message>
        <source>No connection to the company server or the phone line. Your work is kept on this computer and sent when the connection is back.</source>
        <translation>Aucune connexion au serveur de l&apos;entreprise ni à la ligne téléphonique. Votre travail est conservé sur cet ordinateur et sera envoyé au retour de la connexion.</translation>
    </message>
    <message>
        <source>The company server cannot be reached. Your work is kept on this computer and sent when the connection is back.</source>
        <translation>Le serveur de l&apos;entreprise est injoignable. Votre travail est conservé sur cet ordinateur et sera envoyé au retour de la connexion.</translation>
    </message>
    <message>
        <source>The phone line cannot be reached: calls cannot come in right now.</source>
        <translation>La ligne téléphonique est injoignable&#xa0;: vous ne pouvez pas recevoir d&apos;appels pour le moment.</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) exported to {path}</source>
        <translation>
            <numerusform>%n élément exporté vers {path}</numerusform>
            <numerusform>%n éléments exportés vers {path}</numerusform>
        </translation>
    </message>
    <message>
        <source>The export failed: {detail}</source>
        <translation>L&apos;export a échoué&#xa0;: {detail}</translation>
    </message>
    <message numerus="yes">
        <source>%n item(s) will be sent again</source>
        <translation>
            <numerusform>%n élément sera renvoyé</numerusform>
            <numerusform>%n éléments seront renvoyés</numerusform>
        </translation>
    </message>
    <message>
        <source>The local database was damaged. It was set aside for IT ({path}) and a new one started; anything not yet sent may be missing.</source>
        <translation>La base de données locale était endommagée. Elle a été mise de côté pour l’informatique ({path}) et une nouvelle a été créée&#x202f;; ce qui n’avait pas encore été envoyé peut manquer.</translation>
    </message>
    <message>
        <source>The last changes saved on this computer could not be read; the file was set aside for IT ({path}).</source>
        <translation>Les dernières modifications enregistrées sur cet ordinateur n’ont pas pu être lues&#x202f;; le fichier a été mis de côté pour l’informatique ({path}).</translation>
    </message>
    <message>
        <source>The waiting items could not be read: {detail}</source>
        <translation>Les éléments en attente n&apos;ont pas pu être lus&#xa0;: {detail}</translation>
    </message>
</context>
<context>
    <name>TicketPanel</name>
    <message>
        <source>Call</source>
        <translation>Appel</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <source>Wrap-up time</source>
        <translation>Temps de post-appel</translation>
    </message>
    <message>
        <source>&amp;Submit</source>
        <translation>&amp;Envoyer</translation>
    </message>
    <message>
        <source>Submit</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <source>What is missing</source>
        <translation>Ce qui manque</translation>
    </message>
    <message>
        <source>Ticket state</source>
        <translation>État du ticket</translation>
    </message>
    <message>
        <source>Draft and queue state</source>
        <translation>État du brouillon et de la file d&apos;envoi</translation>
    </message>
    <message>
        <source>Calls waiting for wrap-up</source>
        <translation>Appels en attente de post-appel</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Catégorie</translation>
    </message>
    <message>
        <source>&amp;Category</source>
        <translation>Ca&amp;tégorie</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Objet</translation>
    </message>
    <message>
        <source>First line of the notes if left empty</source>
        <translation>Première ligne des notes si laissé vide</translation>
    </message>
    <message>
        <source>S&amp;ubject</source>
        <translation>O&amp;bjet</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produit</translation>
    </message>
    <message>
        <source>&amp;Product</source>
        <translation>Pro&amp;duit</translation>
    </message>
    <message>
        <source>Disposition</source>
        <translation>Qualification</translation>
    </message>
    <message>
        <source>&amp;Disposition</source>
        <translation>&amp;Qualification</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Focus notes</source>
        <translation>Aller aux notes</translation>
    </message>
    <message>
        <source>Phrases</source>
        <translation>Phrases types</translation>
    </message>
    <message>
        <source>Insert a canned phrase</source>
        <translation>Insérer une phrase type</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>&amp;Notes</translation>
    </message>
    <message>
        <source>No canned phrases</source>
        <translation>Aucune phrase type</translation>
    </message>
</context>
<context>
    <name>TicketViewModel</name>
    <message>
        <source>Request</source>
        <translation>Demande</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>Réclamation</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Information</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Autre</translation>
    </message>
    <message>
        <source>Category…</source>
        <translation>Catégorie…</translation>
    </message>
    <message>
        <source>Disposition…</source>
        <translation>Qualification…</translation>
    </message>
    <message>
        <source>No call: a ticket on its own</source>
        <translation>Aucun appel&#xa0;: ticket indépendant</translation>
    </message>
    <message>
        <source>withheld number</source>
        <translation>numéro masqué</translation>
    </message>
    <message>
        <source>Call with {who} — in progress</source>
        <translation>Appel avec {who} — en cours</translation>
    </message>
    <message>
        <source>Call with {who} — ended</source>
        <translation>Appel avec {who} — terminé</translation>
    </message>
    <message>
        <source>Customer: {name}</source>
        <translation>Client&#xa0;: {name}</translation>
    </message>
    <message>
        <source>Customer: unknown</source>
        <translation>Client&#xa0;: inconnu</translation>
    </message>
    <message>
        <source>Wrap-up overdue by {time}</source>
        <translation>Post-appel dépassé de {time}</translation>
    </message>
    <message>
        <source>Wrap-up: {time} left</source>
        <translation>Post-appel&#xa0;: encore {time}</translation>
    </message>
    <message numerus="yes">
        <source>%n more call(s) to wrap up after this one</source>
        <translation>
            <numerusform>Encore %n appel en post-appel après celui-ci</numerusform>
            <numerusform>Encore %n appels en post-appel après celui-ci</numerusform>
        </translation>
    </message>
    <message>
        <source>Queuing…</source>
        <translation>Mise en file d&apos;envoi…</translation>
    </message>
    <message>
        <source>Submit once the call has ended</source>
        <translation>Envoyez une fois l&apos;appel terminé</translation>
    </message>
    <message>
        <source>Choose a category for the ticket</source>
        <translation>Choisissez une catégorie pour le ticket</translation>
    </message>
    <message>
        <source>Nothing to submit: type a subject or notes</source>
        <translation>Rien à envoyer&#xa0;: saisissez un objet ou des notes</translation>
    </message>
    <message>
        <source>Choose a disposition</source>
        <translation>Choisissez une qualification</translation>
    </message>
    <message>
        <source>Choose a product from the list, or clear the field</source>
        <translation>Choisissez un produit dans la liste, ou videz le champ</translation>
    </message>
    <message>
        <source>Note queued — will be sent</source>
        <translation>Note en file d&apos;envoi — elle sera envoyée</translation>
    </message>
    <message>
        <source>Note not queued, nothing was lost — try again ({detail})</source>
        <translation>Note non mise en file, rien n&apos;est perdu — réessayez ({detail})</translation>
    </message>
    <message>
        <source>The note is empty</source>
        <translation>La note est vide</translation>
    </message>
    <message>
        <source>Draft saved</source>
        <translation>Brouillon enregistré</translation>
    </message>
    <message>
        <source>Draft not saved: {detail}</source>
        <translation>Brouillon non enregistré&#xa0;: {detail}</translation>
    </message>
    <message>
        <source>Queued — will be sent</source>
        <translation>En file d&apos;envoi — il sera envoyé</translation>
    </message>
    <message>
        <source>Queued after restart — will be sent</source>
        <translation>En file d&apos;envoi après redémarrage — il sera envoyé</translation>
    </message>
    <message>
        <source>Not queued, nothing was lost — try again ({detail})</source>
        <translation>Non mis en file, rien n&apos;est perdu — réessayez ({detail})</translation>
    </message>
    <message>
        <source>Wrap-up time is over: finish and submit</source>
        <translation>Le temps de post-appel est écoulé&#xa0;: terminez et envoyez</translation>
    </message>
    <message>
        <source>Unfinished drafts restored: {detail}</source>
        <translation>Brouillons inachevés restaurés&#xa0;: {detail}</translation>
    </message>
    <message>
        <source>Drafts could not be read: {detail}</source>
        <translation>Les brouillons n&apos;ont pas pu être lus&#xa0;: {detail}</translation>
    </message>
</context>
<context>
    <name>TimesheetDialog</name>
    <message>
        <source>Timesheet</source>
        <translation>Feuille de temps</translation>
    </message>
    <message>
        <source>Previous week</source>
        <translation>Semaine précédente</translation>
    </message>
    <message>
        <source>Next week</source>
        <translation>Semaine suivante</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <source>Punches of the week</source>
        <translation>Pointages de la semaine</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Jour</translation>
    </message>
    <message>
        <source>Clock in</source>
        <translation>Arrivée</translation>
    </message>
    <message>
        <source>Clock out</source>
        <translation>Départ</translation>
    </message>
    <message>
        <source>Breaks</source>
        <translation>Pauses</translation>
    </message>
    <message>
        <source>Worked</source>
        <translation>Travaillé</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Synchro</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Week of {day}</source>
        <translation>Semaine du {day}</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <source>Worked this week: {time}</source>
        <translation>Temps travaillé cette semaine&#xa0;: {time}</translation>
    </message>
    <message>
        <source>* {count} punch(es) saved on this computer, waiting to be sent.</source>
        <translation>* {count} pointage(s) enregistré(s) sur cet ordinateur, en attente d&apos;envoi.</translation>
    </message>
    <message>
        <source>Everything is received by the server.</source>
        <translation>Tout a été reçu par le serveur.</translation>
    </message>
    <message>
        <source>The server cannot be reached: only this computer&apos;s punches are shown.</source>
        <translation>Le serveur est injoignable&#xa0;: seuls les pointages de cet ordinateur sont affichés.</translation>
    </message>
    <message>
        <source>Sign in again to see the server&apos;s timesheet.</source>
        <translation>Reconnectez-vous pour voir la feuille de temps du serveur.</translation>
    </message>
    <message>
        <source>This computer&apos;s punches could not be read.</source>
        <translation>Les pointages de cet ordinateur n&apos;ont pas pu être lus.</translation>
    </message>
    <message>
        <source>The timesheet could not be loaded completely ({code}).</source>
        <translation>La feuille de temps n&apos;a pas pu être chargée entièrement ({code}).</translation>
    </message>
    <message>
        <source>no clock-out</source>
        <translation>départ non pointé</translation>
    </message>
    <message>
        <source>{count} ({time})</source>
        <translation>{count} ({time})</translation>
    </message>
    <message>
        <source>{count} waiting</source>
        <translation>{count} en attente</translation>
    </message>
    <message>
        <source>Break start</source>
        <translation>Début de pause</translation>
    </message>
    <message>
        <source>Break end</source>
        <translation>Fin de pause</translation>
    </message>
    <message>
        <source>Waiting to be sent</source>
        <translation>En attente d&apos;envoi</translation>
    </message>
    <message>
        <source>Received {time}</source>
        <translation>Reçu à {time}</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Reçu</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Training</source>
        <translation>Formation</translation>
    </message>
    <message>
        <source>Training scenarios</source>
        <translation>Scénarios de formation</translation>
    </message>
    <message>
        <source>Training status</source>
        <translation>État de la formation</translation>
    </message>
    <message>
        <source>Debrief</source>
        <translation>Bilan</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Démarrer</translation>
    </message>
    <message>
        <source>Start the scenario</source>
        <translation>Démarrer le scénario</translation>
    </message>
    <message>
        <source>&amp;Finish now</source>
        <translation>&amp;Terminer maintenant</translation>
    </message>
    <message>
        <source>Finish now and see the debrief</source>
        <translation>Terminer maintenant et voir le bilan</translation>
    </message>
    <message>
        <source>&amp;Back to the scenarios</source>
        <translation>&amp;Retour aux scénarios</translation>
    </message>
    <message>
        <source>Back to the scenarios</source>
        <translation>Retour aux scénarios</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fermer</translation>
    </message>
</context>
<context>
    <name>TrainingViewModel</name>
    <message>
        <source>Training</source>
        <translation>Formation</translation>
    </message>
    <message>
        <source>Choose a scenario in the list.</source>
        <translation>Choisissez un scénario dans la liste.</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>Ce qu&apos;il faut faire&#xa0;:</translation>
    </message>
    <message>
        <source>The caller says: {words}</source>
        <translation>L&apos;appelant dit&#xa0;: {words}</translation>
    </message>
    <message>
        <source>Loading the scenarios…</source>
        <translation>Chargement des scénarios…</translation>
    </message>
    <message>
        <source>Set your status to Available, choose a scenario and press Start.</source>
        <translation>Passez en statut Disponible, choisissez un scénario et cliquez sur Démarrer.</translation>
    </message>
    <message>
        <source>Preparing the call…</source>
        <translation>Préparation de l&apos;appel…</translation>
    </message>
    <message>
        <source>The training call is on its way: answer it when it rings.</source>
        <translation>L&apos;appel d&apos;entraînement arrive&#xa0;: décrochez quand il sonne.</translation>
    </message>
    <message>
        <source>Training call in progress.</source>
        <translation>Appel d&apos;entraînement en cours.</translation>
    </message>
    <message>
        <source>The call is over: fill in the wrap-up and submit it to see your debrief.</source>
        <translation>L&apos;appel est terminé&#xa0;: remplissez le post-appel et validez-le pour voir votre bilan.</translation>
    </message>
    <message>
        <source>The training call did not arrive. Check that you are Available, then try again.</source>
        <translation>L&apos;appel d&apos;entraînement n&apos;est pas arrivé. Vérifiez que vous êtes Disponible, puis réessayez.</translation>
    </message>
    <message>
        <source>The training line could not place the call. Try again.</source>
        <translation>La ligne d&apos;entraînement n&apos;a pas pu passer l&apos;appel. Réessayez.</translation>
    </message>
    <message>
        <source>{met} of {total} expectations met.</source>
        <translation>{met} attendus sur {total} respectés.</translation>
    </message>
    <message>
        <source>The run ended before the wrap-up was submitted.</source>
        <translation>L&apos;exercice s&apos;est arrêté avant la validation du post-appel.</translation>
    </message>
    <message>
        <source>Well done!</source>
        <translation>Bravo&#xa0;!</translation>
    </message>
    <message>
        <source>Some scenario files could not be used:</source>
        <translation>Certains fichiers de scénario sont inutilisables&#xa0;:</translation>
    </message>
    <message>
        <source>{expected} — {done}</source>
        <translation>{expected} — {done}</translation>
    </message>
    <message>
        <source> or </source>
        <translation> ou </translation>
    </message>
    <message>
        <source>Answer within {s} s</source>
        <translation>Décrocher en moins de {s}&#xa0;s</translation>
    </message>
    <message>
        <source>Work on the card of {customer}</source>
        <translation>Travailler sur la fiche de {customer}</translation>
    </message>
    <message>
        <source>Open the product {product}</source>
        <translation>Ouvrir le produit {product}</translation>
    </message>
    <message>
        <source>Fill in a ticket: {category}</source>
        <translation>Remplir un ticket&#xa0;: {category}</translation>
    </message>
    <message>
        <source>Do not create a ticket</source>
        <translation>Ne pas créer de ticket</translation>
    </message>
    <message>
        <source>Transfer the call to {target}</source>
        <translation>Transférer l&apos;appel au {target}</translation>
    </message>
    <message>
        <source>Disposition: {disposition}</source>
        <translation>Qualification&#xa0;: {disposition}</translation>
    </message>
    <message>
        <source>Submit the wrap-up</source>
        <translation>Valider le post-appel</translation>
    </message>
    <message>
        <source>you did not answer</source>
        <translation>vous n&apos;avez pas décroché</translation>
    </message>
    <message>
        <source>you answered after {s} s</source>
        <translation>vous avez décroché après {s}&#xa0;s</translation>
    </message>
    <message>
        <source>done</source>
        <translation>fait</translation>
    </message>
    <message>
        <source>not submitted</source>
        <translation>non validé</translation>
    </message>
    <message>
        <source>you created a ticket: {category}</source>
        <translation>vous avez créé un ticket&#xa0;: {category}</translation>
    </message>
    <message>
        <source>the wrap-up was not submitted</source>
        <translation>le post-appel n&apos;a pas été validé</translation>
    </message>
    <message>
        <source>no customer card was used</source>
        <translation>aucune fiche client utilisée</translation>
    </message>
    <message>
        <source>you opened no product</source>
        <translation>vous n&apos;avez ouvert aucun produit</translation>
    </message>
    <message>
        <source>no ticket</source>
        <translation>aucun ticket</translation>
    </message>
    <message>
        <source>the call was not transferred there</source>
        <translation>l&apos;appel n&apos;y a pas été transféré</translation>
    </message>
    <message>
        <source>no disposition</source>
        <translation>aucune qualification</translation>
    </message>
    <message>
        <source>not done</source>
        <translation>non fait</translation>
    </message>
    <message>
        <source>you worked on {customer}</source>
        <translation>vous avez travaillé sur {customer}</translation>
    </message>
    <message>
        <source>you opened {product}</source>
        <translation>vous avez ouvert {product}</translation>
    </message>
    <message>
        <source>your ticket: {category}</source>
        <translation>votre ticket&#xa0;: {category}</translation>
    </message>
    <message>
        <source>you transferred it to {target}</source>
        <translation>vous l&apos;avez transféré au {target}</translation>
    </message>
    <message>
        <source>you chose {disposition}</source>
        <translation>vous avez choisi {disposition}</translation>
    </message>
    <message>
        <source>You also transferred the call, to {target}</source>
        <translation>Vous avez aussi transféré l&apos;appel, au {target}</translation>
    </message>
    <message>
        <source>You also transferred the call</source>
        <translation>Vous avez aussi transféré l&apos;appel</translation>
    </message>
    <message>
        <source>You also opened {product}</source>
        <translation>Vous avez aussi ouvert {product}</translation>
    </message>
    <message>
        <source>You also created a ticket: {category}</source>
        <translation>Vous avez aussi créé un ticket&#xa0;: {category}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>HomeAgent</source>
        <translation>HomeAgent</translation>
    </message>
    <message>
        <source>Show HomeAgent</source>
        <translation>Afficher HomeAgent</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Répondre</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>Appel entrant</translation>
    </message>
</context>
</TS>
