// Lab 350: the page calls the houses API twice and shows what the browser let it read.
const apiUrl = (window.LAB_CONFIG || {}).apiUrl

function show(id, state, text) {
  const element = document.getElementById(id)
  element.dataset.state = state
  element.textContent = text
}

function explain(error) {
  // When CORS blocks a response, script only gets "TypeError: Failed to fetch".
  // The reason is printed by the browser in the developer console, never given to the page.
  return `The browser did not let this page read the answer (${error.name}: ${error.message}). Open the developer console (F12) to see why.`
}

async function loadHouses() {
  try {
    const response = await fetch(apiUrl + 'houses')
    if (!response.ok) return show('houses-status', 'error', `The API answered HTTP ${response.status}.`)
    const houses = await response.json()
    const list = document.getElementById('houses')
    list.replaceChildren(
      ...houses.map((house) => {
        const item = document.createElement('li')
        item.textContent = `${house.name}, ${house.city}: ${house.bedrooms} bedroom(s), $${house.priceUsd.toLocaleString('en-US')}`
        return item
      }),
    )
    show('houses-status', 'ok', `OK: ${houses.length} houses.`)
  } catch (error) {
    show('houses-status', 'error', explain(error))
  }
}

async function loadWithCustomHeader() {
  try {
    const response = await fetch(apiUrl + 'houses?limit=2', { headers: { 'X-Lab-Client': 'lab-350-site' } })
    if (!response.ok) return show('preflight-status', 'error', `The API answered HTTP ${response.status}.`)
    const houses = await response.json()
    show('preflight-status', 'ok', `OK: the preflight passed and the API sent ${houses.length} houses.`)
  } catch (error) {
    show('preflight-status', 'error', explain(error))
  }
}

async function main() {
  if (!apiUrl) {
    show('houses-status', 'error', 'config.js did not set window.LAB_CONFIG.apiUrl: run `lab deploy 350`.')
    show('preflight-status', 'error', 'No API URL.')
  } else {
    document.getElementById('api-url').textContent = apiUrl
    await Promise.allSettled([loadHouses(), loadWithCustomHeader()])
  }
  // Lets `lab check 350 --browser` know the page has finished.
  document.body.dataset.done = 'true'
}

main()
